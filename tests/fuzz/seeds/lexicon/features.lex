# every feature of lexicon.h
NSPCC = N S P C C
=US = United States
Ofcom = [['0fk0m]]
@spell-acronyms = yes
e.g. = for example
O'Brien = oh bryan
co-op = co op
3.5 = three and a half
bad line without equals
= nothing
word = [unbalanced
