#include "util/error.h"

#include <string.h>

/* lector's own message for rc, or NULL when rc is not one of its codes. */
static const char *own_message(int rc)
{
  switch (rc) {
#define LECTOR_ERROR_CASE(name, code, message) case LECTOR_##name: return message;
    LECTOR_ERROR_MAP(LECTOR_ERROR_CASE)
#undef LECTOR_ERROR_CASE
  default: return NULL;
  }
}

bool lector_error_is_errno(int rc)
{
  return rc < 0 && !own_message(rc);
}

const char *lector_strerror(int rc)
{
  if (rc == LECTOR_OK)
    return "Success";
  const char *own = own_message(rc);
  if (own)
    return own;
  if (rc < 0)
    return strerror(-rc);
  return "unknown error";
}
