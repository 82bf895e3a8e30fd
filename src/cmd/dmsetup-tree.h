/* dmsetup-tree.h - the dependency tree of every dm device, linked the way
 * libdevmapper's deptree links it (ls --tree and the tree fields of
 * info -c print it). */
#ifndef MINIDM_TREE_H
#define MINIDM_TREE_H

#include "cli.h"

struct ilist { int *v; uint32_t n; };     /* grown by mdm_grow */

struct tnode {
	struct ilist uses;         /* what this device is stacked on (or the root) */
	struct ilist used_by;      /* devices stacked on this one (or the root) */
	struct mdm_info info;       /* exists false for a device that is not dm */
};

struct dtree {
	struct tnode *n;           /* n[0] is the root; grown by mdm_grow */
	size_t count;
	uint32_t dm_major;
};

/* Build from the kernel's list; prints "No devices found" as dmsetup
 * does.  0, or an exit code after a printed error. */
int  tree_build(struct cli *c, struct dtree *t);
void tree_free(struct dtree *t);
int  tree_find(const struct dtree *t, uint32_t major, uint32_t minor);
/* libdevmapper's dm_tree_node_num_children: 0 for a node linked to the
 * root on that side. */
uint32_t tree_nchildren(const struct dtree *t, int i, bool inverted);

#endif
