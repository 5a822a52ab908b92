#include "export/av_api.h"

#include <dlfcn.h>
#include <stdbool.h>
#include <string.h>

#include "util/error.h"

struct av_api av_api;

#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)

int av_api_load(void)
{
  static bool loaded, failed;
  if (loaded || failed)
    return loaded ? 0 : LECTOR_ENOFFMPEG;
  /* The major versions built against: their ABI. libavformat brings libavcodec and libavutil,
   * and dlsym on its handle searches them too. */
  void *lib = dlopen("libavformat.so." STRINGIFY(LIBAVFORMAT_VERSION_MAJOR), RTLD_NOW);
  failed = true;
  if (!lib)
    return LECTOR_ENOFFMPEG;
#define AV_API_LOAD(name)                                                                     \
  {                                                                                           \
    void *sym = dlsym(lib, #name);                                                            \
    if (!sym)                                                                                 \
      return LECTOR_ENOFFMPEG;                                                                \
    memcpy(&av_api.name, &sym, sizeof sym); /* ISO C has no object-to-function cast */        \
  }
  AV_API_FUNCTIONS(AV_API_LOAD)
#undef AV_API_LOAD
  failed = false;
  loaded = true;
  return 0;
}
