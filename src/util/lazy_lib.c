#include "util/lazy_lib.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t lazy_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t lazy_once = PTHREAD_ONCE_INIT;

/* Export workers fork and speak in the child: a fork while another thread holds the lock must
 * not leave the child a lock that nobody will release. */
static void lazy_lock_take(void)
{
  pthread_mutex_lock(&lazy_lock);
}

static void lazy_lock_give(void)
{
  pthread_mutex_unlock(&lazy_lock);
}

static void lazy_register_fork(void)
{
  pthread_atfork(lazy_lock_take, lazy_lock_give, lazy_lock_give);
}

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
  pthread_once(&lazy_once, lazy_register_fork);
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
