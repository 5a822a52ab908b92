NHS = N H S
# crlf
=IT = I T
