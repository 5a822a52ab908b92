/* The md loader on arbitrary bytes: document_load_buffer(INPUT_MD) then the document invariants. */
#include "fuzz_common.h"
#include "text/loader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  fuzz_load(data, size, INPUT_MD, "fuzz.md");
  return 0;
}
