#include "util/lazy_lib.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t lazy_lock = PTHREAD_MUTEX_INITIALIZER;

static void lazy_fail(const char *what, const char *name)
{
  const char *why = dlerror();
  fprintf(stderr, "lector: cannot load %s%s%s: %s\n", what, name ? " from " : "",
          name ? name : "", why ? why : "not found");
  exit(1);
}

void *lazy_lib_symbol(struct lazy_lib *lib, const char *name, void **cache)
{
  void *sym = __atomic_load_n(cache, __ATOMIC_ACQUIRE);
  if (sym)
    return sym;
  pthread_mutex_lock(&lazy_lock);
  if (!lib->handle)
    lib->handle = dlopen(lib->soname, RTLD_NOW | RTLD_GLOBAL);
  if (!lib->handle)
    lazy_fail(lib->soname, NULL);
  sym = dlsym(lib->handle, name);
  if (!sym)
    lazy_fail(name, lib->soname);
  __atomic_store_n(cache, sym, __ATOMIC_RELEASE);
  pthread_mutex_unlock(&lazy_lock);
  return sym;
}
