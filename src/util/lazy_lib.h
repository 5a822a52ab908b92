/* Shared libraries loaded the first time one of their functions is called, not at start: the
 * ones only some commands need (libcurl for a URL, pcaudiolib to play sound, TagLib to
 * tag an export) bring about 70 more shared objects with them, which cost every start of lector,
 * `lector segment` included, some 9 MB of memory. src/util/lazy_libs.c defines their functions
 * under their own names, so callers and headers stay as they are. */
#ifndef LECTOR_UTIL_LAZY_LIB_H
#define LECTOR_UTIL_LAZY_LIB_H

#include <string.h>

struct lazy_lib {
  const char *soname; /* what dlopen() loads, e.g. "libcurl.so.4" */
  void *handle;
};

/* The address of name in lib, loading lib on the first call, and caching it in *cache.
 * Thread-safe. A library or function that cannot be found (a broken installation: the lector
 * binary was linked against it) ends lector with a one-line error. */
void *lazy_lib_symbol(struct lazy_lib *lib, const char *name, void **cache);

/* The function name of lib, with the type the library's header declares. */
#define LAZY_FN(lib, name, fn)                                                                \
  __typeof__(name) *fn;                                                                       \
  {                                                                                           \
    static void *cache_;                                                                      \
    void *sym_ = lazy_lib_symbol(&(lib), #name, &cache_);                                     \
    memcpy(&fn, &sym_, sizeof sym_); /* ISO C has no object-to-function cast */               \
  }

/* Defines name(params) as a call of the library's name(args). */
#define LAZY_STUB(lib, ret, name, params, args)                                               \
  ret name params                                                                             \
  {                                                                                           \
    LAZY_FN(lib, name, fn_)                                                                   \
    return fn_ args;                                                                          \
  }
#define LAZY_STUB_VOID(lib, name, params, args)                                               \
  void name params                                                                            \
  {                                                                                           \
    LAZY_FN(lib, name, fn_)                                                                   \
    fn_ args;                                                                                 \
  }

#endif
