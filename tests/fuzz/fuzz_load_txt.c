/* The plain-text loader (and content detection) on arbitrary bytes, then the document invariants. */
#include "fuzz_common.h"
#include "text/loader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  fuzz_load(data, size, INPUT_TXT, "fuzz.txt");
  /* No extension: the format is detected from the content. */
  fuzz_load(data, size, INPUT_AUTO, "fuzz");
  return 0;
}
