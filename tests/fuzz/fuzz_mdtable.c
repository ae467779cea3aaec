/* Markdown tables and conflict markers from release documents. */
#include "core/release/docs.h"
#include "core/release/mdtable.h"
#include "core/base/util.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = rc_xstrndup((const char *)data, size);
    rc_mddoc doc;
    rc_mddoc_parse(&doc, text);
    for (size_t t = 0; t < doc.ntables; t++) {
        rc_mdtable_column(&doc.tables[t], "Date");
        for (size_t r = 0; r < doc.tables[t].nrows; r++)
            rc_mdrow_cell(&doc.tables[t].rows[r], 3);
    }
    rc_mddoc_free(&doc);
    size_t first;
    rc_docs_conflict_blocks(text, &first);
    free(text);
    return 0;
}
