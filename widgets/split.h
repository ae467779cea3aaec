/* Split layout: places two child widgets side by side (RC_SPLIT_H) or one
 * above the other (RC_SPLIT_V) inside its own rectangle. The first child's
 * size is fixed (size > 0), the second child's is (size < 0), or the first
 * gets `percent` of the space. Keys go to the focused child. */
#ifndef RELCAP_SPLIT_H
#define RELCAP_SPLIT_H

#include "widgets/widget.h"

typedef enum { RC_SPLIT_V, RC_SPLIT_H } rc_split_dir;

typedef struct {
    rc_widget base;
    rc_split_dir dir;
    int size;    /* >0: first child's rows/cols; <0: second child's */
    int percent; /* used when size == 0 */
    rc_widget *a, *b;
    int focus; /* 0: a, 1: b */
    bool owns; /* free children with the split */
} rc_split;

rc_split *rc_split_new(rc_split_dir dir, int size, int percent, rc_widget *a, rc_widget *b);
void rc_split_free(rc_split *s);
/* Places the children from the split's own placement; call after
 * rc_widget_place on the split (nested splits lay themselves out too). */
void rc_split_layout(rc_split *s);

#endif
