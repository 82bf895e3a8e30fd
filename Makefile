# minidm - plain make.  `make` builds ./minidm (static, stripped, musl)
# and ./libminidm.a.  See README.md for the other targets.

CC       ?= musl-gcc
ifeq ($(origin CC),default)
CC       := musl-gcc
endif
HOSTCC   ?= gcc
CFLAGS   ?= -Oz
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wno-unused-parameter -Wno-missing-field-initializers
BASEFLAGS := -std=c11 -D_GNU_SOURCE -Iinclude $(WARN)
# the third line: gcc 12's -Os inlines and tail-calls where that grows the
# code; the last: no PIE (musl-gcc inherits Debian's default), link-time
# optimisation (fat objects, so that libminidm.a serves non-LTO programs
# too), no jump tables, no SSE (nothing uses floating point), one copy of
# equal constants; then an 8-byte stack alignment (nothing here needs 16:
# no SSE, and of musl only __init_libc, which runs before main, uses an
# aligned SSE store), data aligned as the psABI asks (not arrays to 32
# bytes), passes that grow -Oz code here (measured one by one and
# together: the last five took 512 bytes off at 130,780, -fno-tree-fre
# with the inliner counting a call as free 272 at 122,352; the last line,
# from a sweep of every -Oz optimizer flag toggled alone, then kept one
# by one where they still saved, 320 at 118,248)
SIZEFLAGS := -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables \
             -fno-unwind-tables -fno-stack-protector -fomit-frame-pointer \
             -fno-inline-small-functions -fno-optimize-sibling-calls -fno-caller-saves \
             -fno-pie -flto -flto-partition=one -ffat-lto-objects -fno-jump-tables -mno-sse -fmerge-all-constants \
             -mpreferred-stack-boundary=3 -malign-data=abi -fno-move-loop-invariants \
             -fno-expensive-optimizations -fno-tree-dominator-opts -fno-tree-loop-im \
             -fno-if-conversion -fno-tree-tail-merge -fno-shrink-wrap -fno-tree-slsr -fno-ipa-modref \
             -fno-tree-fre --param=uninlined-function-insns=0 \
             -fno-ira-hoist-pressure -fno-tree-dse -fno-aggressive-loop-optimizations \
             -fno-defer-pop -fno-ipa-reference -fno-tree-coalesce-vars -fno-tree-loop-ivcanon \
             -flive-range-shrinkage
LDFLAGS  ?=
# common-page-size: ld may start the data on a page of its own to save a
# page of memory, padding the file with up to 4 KiB of zeros; 64 caps that.
# Input sections sorted by alignment leave fewer holes between them, and
# put bss's page-aligned buffers (the superblock read, the wipe's zeros,
# the thread's stack, /proc/partitions: each used by few commands) before
# the rest, whose hot small data then shares two pages (a cached root's
# activation: 1 to 2 page faults fewer, traced).
LINKFLAGS := -static -no-pie -Wl,--gc-sections -Wl,-z,norelro -Wl,-z,noseparate-code \
             -Wl,-z,common-page-size=64 -Wl,--hash-style=gnu -Wl,--build-id=none \
             -Wl,--sort-section=alignment -s
# x86_64: src/tiny/start.c is the entry point (no crt1, no musl start-up),
# which runs no constructors or destructors: a binary with any is refused
ifneq ($(findstring x86_64,$(shell $(CC) -dumpmachine 2>/dev/null)),)
LINKFLAGS += -nostartfiles
SIZEFLAGS += -DMINIDM_OWN_START
NO_CTORS = ! readelf -SW build/minidm.elf | grep -q '\.init_array\|\.fini_array\|\.ctors\|\.dtors' || \
           { echo 'minidm: constructors or destructors: src/tiny/start.c runs none'; exit 1; }
else
NO_CTORS = :
endif
PREFIX   ?= /usr/local
SBINDIR  ?= $(PREFIX)/sbin
LIBDIR   ?= $(PREFIX)/lib
INCDIR   ?= $(PREFIX)/include
MANDIR   ?= $(PREFIX)/share/man
DATADIR  ?= $(PREFIX)/share
# initramfs-tools and dracut look only here, whatever PREFIX is
INITRAMFS_TOOLS_DIR ?= /usr/share/initramfs-tools
DRACUT_MODULES_DIR  ?= /usr/lib/dracut/modules.d
DESTDIR  ?=
KVER     ?= 6.1

# the layers (README, "The tree"): src/lib/parse pure parsers, src/lib the
# library, src/cmd the commands, src/tiny the binary's libc stand-ins
LIB_SRC  := $(sort $(wildcard src/lib/*.c src/lib/parse/*.c))
CMD_SRC  := $(sort $(wildcard src/cmd/*.c))
TINY_SRC := $(sort $(wildcard src/tiny/*.c))
LIB_OBJ  := $(LIB_SRC:src/%.c=build/musl/%.o)
CMD_OBJ  := $(CMD_SRC:src/%.c=build/musl/%.o) $(TINY_SRC:src/%.c=build/musl/%.o)
HDRS     := $(wildcard include/*.h src/*/*.h src/*/*/*.h)

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=build/unit/%)
SAN      := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
HOST_LIB_OBJ := $(LIB_SRC:src/%.c=build/host/%.o)
# the tests link the CLI with libc's own allocator and printf
HOST_CMD_OBJ := $(CMD_SRC:src/%.c=build/host/%.o) build/host/tiny/libc.o

all: minidm libminidm.a

# the objects depend on the Makefile: a change of flags rebuilds them
build/musl/%.o: src/%.c $(HDRS) Makefile
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(BASEFLAGS) $(CFLAGS) $(SIZEFLAGS) -c -o $@ $<

libminidm.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

# build/minidm.elf is the binary with its section headers (for size,
# objdump, readelf); ./minidm is it without them and without .comment,
# which the kernel does not load (tests/sstrip.sh)
minidm: $(CMD_OBJ) libminidm.a
	$(CC) $(CFLAGS) $(SIZEFLAGS) $(LINKFLAGS) $(LDFLAGS) -o build/minidm.elf $(CMD_OBJ) libminidm.a
	@$(NO_CTORS)
	objcopy -R .comment build/minidm.elf $@ && sh tests/sstrip.sh $@ || { rm -f $@; exit 1; }

size: minidm
	@printf 'minidm: %s bytes (%s KiB)\n' "$$(stat -c %s minidm)" "$$(( ($$(stat -c %s minidm) + 1023) / 1024 ))"
	@size build/minidm.elf

# Per-symbol size changes since the previous `make bloatcheck` (busybox's
# idea): the same objects linked without -s, compared by tests/bloat.sh
# with the copy the previous run kept (the first run lists the biggest).
bloatcheck: minidm
	@$(CC) $(CFLAGS) $(SIZEFLAGS) $(filter-out -s,$(LINKFLAGS)) $(LDFLAGS) -o build/minidm.unstripped $(CMD_OBJ) libminidm.a
	@sh tests/bloat.sh build/minidm.unstripped build/minidm.unstripped.prev
	@cp build/minidm.unstripped build/minidm.unstripped.prev
	@printf 'minidm: %s bytes stripped\n' "$$(stat -c %s minidm)"

# Host unit tests: system gcc with ASan + UBSan; no root, no kernel.
build/host/%.o: src/%.c $(HDRS) Makefile
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	@$(HOSTCC) $(BASEFLAGS) -g -O1 $(SAN) -DMINIDM_TEST -c -o $@ $<

build/unit/%: tests/unit/%.c tests/unit/t.h $(HOST_LIB_OBJ) $(HOST_CMD_OBJ) $(HDRS)
	@mkdir -p $(dir $@)
	@echo "  HOSTLD  $@"
	@$(HOSTCC) $(BASEFLAGS) -Itests/unit -g -O1 $(SAN) -DMINIDM_TEST -o $@ $< \
	    $(HOST_LIB_OBJ) $(HOST_CMD_OBJ)

# the binary's printf engine runs against musl, not under the sanitizers
build/unit/fmt_check: tests/unit/fmt_check.c src/tiny/fmt.c tests/unit/t.h
	@mkdir -p $(dir $@)
	@$(CC) $(BASEFLAGS) -Wno-format-truncation -Wno-format -fno-builtin -Itests/unit -Os -static -o $@ tests/unit/fmt_check.c src/tiny/fmt.c

# and so do its stand-ins for musl functions
build/unit/libc_check: tests/unit/libc_check.c src/tiny/libc.c src/tiny/string.c tests/unit/t.h
	@mkdir -p $(dir $@)
	@$(CC) $(BASEFLAGS) -fno-builtin -Itests/unit -Os -static -o $@ tests/unit/libc_check.c \
	    src/tiny/libc.c src/tiny/string.c

# and its stdout and stderr against musl's own (one test, built with each)
build/unit/stdio_check: tests/unit/stdio_check.c src/tiny/stdio.c src/tiny/fmt.c tests/unit/t.h
	@mkdir -p $(dir $@)
	@$(CC) $(BASEFLAGS) -fno-builtin -Itests/unit -Os -static -o $@ tests/unit/stdio_check.c \
	    src/tiny/stdio.c src/tiny/fmt.c

build/unit/stdio_check_musl: tests/unit/stdio_check.c src/tiny/fmt.c tests/unit/t.h
	@mkdir -p $(dir $@)
	@$(CC) $(BASEFLAGS) -fno-builtin -Itests/unit -Os -static -o $@ tests/unit/stdio_check.c \
	    src/tiny/fmt.c

# and its strerror against glibc's texts (the host's own libc, not musl)
build/unit/strerror_check: tests/unit/strerror_check.c src/tiny/strerror.c tests/unit/t.h
	@mkdir -p $(dir $@)
	@$(HOSTCC) $(BASEFLAGS) -fno-builtin -Itests/unit -O1 -o $@ tests/unit/strerror_check.c src/tiny/strerror.c

unit: lint-parse $(UNIT_BIN) build/unit/fmt_check build/unit/libc_check build/unit/strerror_check \
      build/unit/stdio_check build/unit/stdio_check_musl
	@sh tests/unit/run.sh $(UNIT_BIN) build/unit/fmt_check build/unit/libc_check \
	    build/unit/strerror_check build/unit/stdio_check build/unit/stdio_check_musl

# The bad-input matrix (tests/bad/matrix) on the host: the command line
# under ASan + UBSan; only the cases that cannot reach the kernel, and
# never the host's device-mapper (MINIDM_CONTROL, src/lib/ctx.c).
build/host/minidm-asan: tests/bad/main.c $(HOST_LIB_OBJ) $(HOST_CMD_OBJ)
	@echo "  HOSTLD  $@"
	@$(HOSTCC) $(BASEFLAGS) -g -O1 $(SAN) -DMINIDM_TEST -o $@ tests/bad/main.c \
	    $(HOST_LIB_OBJ) $(HOST_CMD_OBJ)

badinput: build/host/minidm-asan
	@sh tests/bad/run.sh --host build/host/minidm-asan

# src/lib/parse is pure (what the fuzz targets cover): no header for I/O and
# no call that reaches the system; the files around it in src/lib do that.
PARSE_NO_HDRS  := unistd.h fcntl.h dirent.h poll.h signal.h sys/[a-z_/]+.h
PARSE_NO_CALLS := open openat close read pread write pwrite ioctl stat lstat fstat access \
                  opendir readdir readlink mknod unlink fopen printf fprintf puts perror getenv \
                  mdm_read_small mdm_gpt_find mdm_member_find mdm_open_devno mdm_member_size
space := $(subst ,, )
alt = $(subst $(space),|,$(strip $(subst .,\.,$(1))))
lint-parse:
	@! grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*<($(call alt,$(PARSE_NO_HDRS)))>' src/lib/parse/*.[ch] || \
	    { echo "lint: src/lib/parse includes an I/O header"; exit 1; }
	@! grep -nE '(^|[^[:alnum:]_.>])($(call alt,$(PARSE_NO_CALLS)))\(' src/lib/parse/*.[ch] || \
	    { echo "lint: src/lib/parse calls the system"; exit 1; }

# Static analysis: cppcheck and clang-tidy (checks in .clang-tidy) must be
# silent; the compilers already run with -Wall -Wextra -Werror.
LINT_JOBS ?= 2
MUSL_INC ?= /usr/include/x86_64-linux-musl
lint: lint-parse
	cppcheck --enable=warning,portability,performance --std=c11 -D_GNU_SOURCE -Iinclude \
	    -q --inline-suppr --error-exitcode=1 src
	printf '%s\n' $(LIB_SRC) $(CMD_SRC) $(filter-out src/tiny/stdio.c,$(TINY_SRC)) | \
	    xargs -P $(LINT_JOBS) -n 4 sh -c 'clang-tidy -quiet "$$@" -- $(BASEFLAGS) 2>/dev/null' clang-tidy
	# the binary's own FILE is musl's shape: checked against musl's headers
	clang-tidy -quiet src/tiny/stdio.c -- $(BASEFLAGS) -nostdinc -isystem $(MUSL_INC) \
	    -isystem $$(clang -print-resource-dir)/include 2>/dev/null
	@echo "lint: clean"

# libFuzzer targets (tests/fuzz/), one per parser family, under ASan and
# UBSan: `make fuzz` runs each for FUZZ_TIME seconds, `make fuzz-smoke` for
# FUZZ_SMOKE_TIME; FUZZ_ONLY="status gpt" picks targets.  The CLI objects
# come without the binary's own allocator and printf, as for the unit tests.
FUZZCC   ?= clang
FUZZ_TIME ?= 60
FUZZ_SMOKE_TIME ?= 3
FUZZFLAGS := -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
             -fno-sanitize-recover=all -DMINIDM_TEST
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
FUZZ_OBJ := $(LIB_SRC:src/%.c=build/fuzz/obj/%.o) $(CMD_SRC:src/%.c=build/fuzz/obj/%.o) \
            build/fuzz/obj/tiny/libc.o
FUZZ_RUN := $(if $(FUZZ_ONLY),$(FUZZ_ONLY:%=build/fuzz/fuzz_%),$(FUZZ_BIN))

build/fuzz/obj/%.o: src/%.c $(HDRS)
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	@$(FUZZCC) $(BASEFLAGS) $(FUZZFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_OBJ) $(HDRS)
	@echo "  FUZZLD  $@"
	@$(FUZZCC) $(BASEFLAGS) $(FUZZFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJ)

fuzz: $(FUZZ_RUN)
	@sh tests/fuzz/run.sh $(FUZZ_TIME) $(FUZZ_RUN)
	@$(if $(FUZZ_ONLY),,$(MAKE) --no-print-directory fuzz-dmsetup)

# The differential fuzzer against Debian's dmsetup in a guest
# (tests/vm/21-dmsetup-diff.sh): make check runs 30 seeded cases, this
# DIFF_COUNT of seed DIFF_SEED.
DIFF_COUNT ?= 1000
DIFF_SEED ?= 2
fuzz-dmsetup:
	@MINIDM_TEST_CMDLINE="minidm.diff.count=$(DIFF_COUNT) minidm.diff.seed=$(DIFF_SEED)" \
	    $(MAKE) --no-print-directory vm T=21-dmsetup-diff

# The differential fuzzer against Debian's lvm in a guest
# (tests/vm/48-lvm-diff.sh): make check runs 2 seeded cases, this
# LVM_COUNT of seed LVM_SEED.
LVM_COUNT ?= 100
LVM_SEED ?= 2
fuzz-lvm:
	@MINIDM_TEST_CMDLINE="minidm.lvmdiff.count=$(LVM_COUNT) minidm.lvmdiff.seed=$(LVM_SEED)" \
	    MINIDM_TEST_TIMEOUT=$$((120 + 20 * $(LVM_COUNT))) $(MAKE) --no-print-directory vm T=48-lvm-diff

fuzz-smoke: $(FUZZ_RUN)
	@sh tests/fuzz/run.sh $(FUZZ_SMOKE_TIME) $(FUZZ_RUN)

# Guest tests: a real Debian kernel under QEMU (see qemu/README).  check,
# demo and vm first install the packages they need (qemu/need.sh, the list
# in qemu/packages), then build: musl-gcc may be one of them.
vm:
	@sh qemu/need.sh vm
	@$(MAKE) --no-print-directory minidm
	sh qemu/run-tests.sh --kver $(KVER) $(if $(T),--only "$(T)")

check:
	@sh qemu/need.sh check
	@$(MAKE) --no-print-directory all
	@sh tests/check.sh

demo:
	@sh qemu/need.sh demo
	@$(MAKE) --no-print-directory all
	sh qemu/demo.sh --kver $(KVER) $(if $(SCENE),--scene $(SCENE))

bench:
	@sh qemu/need.sh bench
	@$(MAKE) --no-print-directory all
	sh qemu/bench.sh --kver $(KVER)

install: all
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCDIR) $(DESTDIR)$(MANDIR)/man8
	install -m 0755 minidm $(DESTDIR)$(SBINDIR)/minidm
	install -m 0644 libminidm.a $(DESTDIR)$(LIBDIR)/libminidm.a
	install -m 0644 include/minidm.h include/minidm-status.h include/minidm-lvm.h include/dm-abi.h \
	    $(DESTDIR)$(INCDIR)/
	[ ! -f minidm.8 ] || install -m 0644 minidm.8 $(DESTDIR)$(MANDIR)/man8/minidm.8
	install -d $(DESTDIR)$(DATADIR)/minidm $(DESTDIR)$(INITRAMFS_TOOLS_DIR)/hooks \
	    $(DESTDIR)$(INITRAMFS_TOOLS_DIR)/scripts/local-top $(DESTDIR)$(DRACUT_MODULES_DIR)/90minidm
	install -m 0755 initramfs/init $(DESTDIR)$(DATADIR)/minidm/init
	# the boot integrations look for the binary where it was installed
	for f in initramfs-tools/hooks/minidm initramfs-tools/scripts/local-top/minidm; do \
	    sed 's|/usr/local/sbin/minidm|$(SBINDIR)/minidm|' initramfs/$$f \
	        >$(DESTDIR)$(INITRAMFS_TOOLS_DIR)/$${f#initramfs-tools/} && \
	    chmod 0755 $(DESTDIR)$(INITRAMFS_TOOLS_DIR)/$${f#initramfs-tools/} || exit 1; \
	done
	for f in module-setup.sh minidm-activate.sh parse-minidm-lvm.sh; do \
	    sed 's|/usr/local/sbin/minidm|$(SBINDIR)/minidm|' initramfs/dracut/90minidm/$$f \
	        >$(DESTDIR)$(DRACUT_MODULES_DIR)/90minidm/$$f && \
	    chmod 0755 $(DESTDIR)$(DRACUT_MODULES_DIR)/90minidm/$$f || exit 1; \
	done
	$(if $(DMSETUP_LINK),ln -sf minidm $(DESTDIR)$(SBINDIR)/dmsetup)

clean:
	rm -rf build minidm libminidm.a qemu/out

# also the downloaded kernels and cached initramfs parts
distclean: clean
	rm -rf qemu/cache

.SECONDARY:
.PHONY: fuzz-lvm all size bloatcheck unit lint lint-parse badinput fuzz fuzz-smoke fuzz-dmsetup vm check demo bench install clean distclean
