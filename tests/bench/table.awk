# The table of `make bench` (qemu/bench.sh): reads the figures, one a line
#   METRIC TOOL runs=N failed=F wall_us=T maxrss_kb=K [procs=... syscalls=...]
#   size_bin TOOL bytes=B | size_rd TOOL bytes=B zst=Z gz=G | boot TOOL ms=M
#   info KEY TEXT... | error TEXT... | phase NAME SECONDS | end
# and prints the table.  A time is the best (smallest) of the runs of a
# figure: the host runs other guests, and interference only adds time.

function add(m, t, k, v) {
	key = m SUBSEP t SUBSEP k
	n = ++cnt[key]
	vals[key, n] = v + 0
	if (!((m SUBSEP t SUBSEP k) in mx) || v + 0 > mx[key])
		mx[key] = v + 0
	last[key] = v
}
function has(m, t, k) { return (m SUBSEP t SUBSEP k) in cnt }
function nruns(m, t) { return has(m, t, "wall_us") ? cnt[m, t, "wall_us"] : 0 }
function get(m, t, k) { return has(m, t, k) ? last[m, t, k] : "" }
function max(m, t, k) { return has(m, t, k) ? mx[m, t, k] : "" }
# median of the values of m/t/k
function med(m, t, k,    key, n, i, j, a, x) {
	key = m SUBSEP t SUBSEP k
	if (!(key in cnt))
		return ""
	n = cnt[key]
	for (i = 1; i <= n; i++)
		a[i] = vals[key, i]
	for (i = 2; i <= n; i++) {
		x = a[i]
		for (j = i - 1; j >= 1 && a[j] > x; j--)
			a[j + 1] = a[j]
		a[j + 1] = x
	}
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
# the smallest value of m/t/k
function best(m, t, k,    key, n, i, b) {
	key = m SUBSEP t SUBSEP k
	if (!(key in cnt))
		return ""
	b = vals[key, 1]
	for (i = 2; i <= cnt[key]; i++)
		if (vals[key, i] < b)
			b = vals[key, i]
	return b
}
# the mean of m/t/k
function mean(m, t, k,    key, i, sum) {
	key = m SUBSEP t SUBSEP k
	if (!(key in cnt))
		return ""
	for (i = 1; i <= cnt[key]; i++)
		sum += vals[key, i]
	return sum / cnt[key]
}
# pairs: how many runs of m by a and b pair up (the i-th of each, run one
# after the other); pairmed: the median of their ratios a / b
function pairs(m, a, b) { return xpairs(m, a, m, b) }
function pairmed(m, a, b) { return xpairmed(m, a, m, b) }
# xpairmed MA TA MB TB: the median of the ratios of the i-th runs of MA by
# TA to the i-th runs of MB by TB (run in the same round); xpairs: how many
function xpairs(ma, ta, mb, tb,    na, nb) {
	na = nruns(ma, ta); nb = nruns(mb, tb)
	return na < nb ? na : nb
}
function xpairmed(ma, ta, mb, tb,    n, i, j, r, x) {
	n = xpairs(ma, ta, mb, tb)
	if (!n)
		return ""
	for (i = 1; i <= n; i++)
		r[i] = vals[ma, ta, "wall_us", i] / (vals[mb, tb, "wall_us", i] ? vals[mb, tb, "wall_us", i] : 1)
	for (i = 2; i <= n; i++) {
		x = r[i]
		for (j = i - 1; j >= 1 && r[j] > x; j--)
			r[j + 1] = r[j]
		r[j + 1] = x
	}
	return n % 2 ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2
}
# sbrow M: minidm against the floor that reads the superblock first
function sbrow(m,    f) {
	f = pairmed(m, "minidm", "floorsb")
	if (f != "")
		row("    the floor reading the superblock first", us(med(m, "minidm", "wall_us")), "floor+sb",
			us(med(m, "floorsb", "wall_us")), sprintf("%.2fx", f), "")
}
# dry M WHAT: the median of minidm's dry runs M, before any device is made
function dry(m, what) {
	if (has(m, "minidm", "wall_us"))
		row(sprintf("    its dry run alone (%s)", what), us(med(m, "minidm", "wall_us")), "", "", "", "")
}

# frow LABEL M: minidm against its floor in the pairs of m (medians)
function frow(label, m,    f) {
	f = pairmed(m, "minidm", "floor")
	if (f == "")
		return
	row(label, us(med(m, "minidm", "wall_us")), "floor", us(med(m, "floor", "wall_us")),
		sprintf("%.2fx", f), "minidm/floor <= 1.15x: " goal(f <= 1.15))
	fl[m] = f
}
function us(v) {
	if (v == "")
		return "-"
	if (v >= 10000000) return sprintf("%.1f s", v / 1000000)
	if (v >= 1000000) return sprintf("%.2f s", v / 1000000)
	if (v >= 10000) return sprintf("%.1f ms", v / 1000)
	return sprintf("%.2f ms", v / 1000)
}
function size(b) {
	if (b == "")
		return "-"
	if (b >= 1048576) return sprintf("%.2f MiB", b / 1048576)
	return sprintf("%.1f KiB", b / 1024)
}
function kib(k) { return k == "" ? "-" : (k >= 10240 ? sprintf("%.1f MiB", k / 1024) : sprintf("%d KiB", k)) }
function ratio(peer, mine) {
	if (peer == "" || mine == "" || mine + 0 == 0)
		return "-"
	return sprintf(peer / mine >= 100 ? "%.0fx" : "%.1fx", peer / mine)
}
function goal(ok) { return ok ? "met" : "NOT met" }
function row(metric, mine, peer, pval, r, g) {
	printf "%-50s %-17s %-9s %-19s %-7s %s\n", metric, mine, peer, pval, r, g
}
function section(title) { printf "\n%s\n", title }
function failed(m, t) { return max(m, t, "failed") > 0 }
# a time row: m for minidm and peer tool pt, median wall time (or per run)
function trow(label, m, pt, per, g,    a, b) {
	if (!has(m, "minidm", "wall_us") && !has(m, pt, "wall_us"))
		return
	a = best(m, "minidm", "wall_us"); b = best(m, pt, "wall_us")
	if (per && a != "") a = a / per
	if (per && b != "") b = b / per
	row(label, us(a) (failed(m, "minidm") ? "!" : ""), pt, us(b) (failed(m, pt) ? "!" : ""), ratio(b, a), g)
}
function note(s) { notes[++nnotes] = s }
function scales_list(   i, s) { for (i = 1; i <= nsc; i++) s = s (i > 1 ? ", " : "") sc[i]; return s }
# what a metric measured, for the peak memory lines
function what(m,    n) {
	sub(/_(mem|trace)$/, "", m)
	if (m ~ /^scale_create/) { n = m; sub(/^scale_create/, "", n); return "create --concise up to " n " devices" }
	if (m ~ /^scale_/) { n = m; sub(/^scale_/, "", n); sub(/[0-9]+$/, " &", n); return n " devices" }
	if (m ~ /^batch/) { n = m; sub(/^batch/, "", n); return "create --concise of " n }
	if (m ~ /^create/) return "create"
	if (m ~ /^act_thin/) return "thin-root activation"
	if (m ~ /^act_lvm/) return "LVM thin-root activation"
	if (m ~ /^act_cache/) return "cached-root activation"
	if (m ~ /^act_flat/) return "thin-root activation, pool with snapshots"
	if (m ~ /^rmall/) return "remove_all"
	n = m; sub(/[0-9]+$/, " &", n)
	return n " devices"
}

$1 == "info" { k = $2; $1 = ""; $2 = ""; sub(/^  */, ""); info[k] = $0; next }
$1 == "error" { $1 = ""; sub(/^ /, ""); note("error: " $0); next }
$1 == "phase" { phases = phases sprintf(" %s %s s,", $2, $3); next }
$1 == "end" { ended = 1; next }
NF >= 3 {
	for (i = 3; i <= NF; i++) {
		split($i, kv, "=")
		add($1, $2, kv[1], kv[2])
		if (kv[1] == "failed" && kv[2] > 0)
			anyfail = 1
	}
}

END {
	printf "minidm benchmark (make bench): minidm against Debian bookworm's dmsetup and lvm\n"
	printf "kernel %s, QEMU %s, guest: %s, %d MiB\n", info["kernel"],
		(info["accel"] ~ /TCG/ ? "TCG (emulated, no KVM): all times are TCG times" : info["accel"]),
		info["cpu"], info["mem_kb"] / 1024
	printf "host: %s\n", info["host"]
	d = info["dmsetup"]; sub(/^Library version: */, "", d)
	l = info["lvm"]; sub(/^LVM version: */, "", l)
	printf "peers: dmsetup %s, lvm %s, thin_check and cache_check (Debian's binaries, same guest)\n", d, l
	printf "crng: %s\n", info["crng"]
	printf "minidm %s; times: wall clock in the guest, the best of xN runs (the host runs other guests:\n", info["commit"]
	printf "interference only adds time; every run is in the data file)\n"
	if (!ended)
		note("the guest did not finish: figures are missing")

	printf "ratio: peer / minidm (above 1: minidm is smaller, faster or leaner); in the floor rows\n"
	printf "minidm / floor, the median of the ratios of pairs run one after the other (1: at the floor)\n"

	section("1. Size (bytes on disk)")
	row("metric", "minidm", "peer", "peer value", "ratio", "goal")
	b = get("size_bin", "minidm", "bytes")
	row("static binary vs the tool + its shared libraries", size(b), "dmsetup",
		size(get("size_bin", "dmsetup", "bytes")), ratio(get("size_bin", "dmsetup", "bytes"), b),
		"<= 119,944 B: " goal(b <= 119944))
	row("", "", "lvm", size(get("size_bin", "lvm", "bytes")), ratio(get("size_bin", "lvm", "bytes"), b),
		"<= 112 KiB: " goal(b <= 114688))
	row("thin-root activation payload of an initramfs", size(b), "lvm+thin",
		size(get("size_bin", "lvmthin", "bytes")), ratio(get("size_bin", "lvmthin", "bytes"), b), "")
	split("bytes zst gz", fmts, " ")
	split("cpio|cpio, zstd -19|cpio, gzip -9", fnames, "|")
	for (i = 1; i <= 3; i++) {
		a = get("size_rd", "minidm", fmts[i]); p = get("size_rd", "lvm", fmts[i])
		row("LVM thin-root initramfs, " fnames[i], size(a), "lvm", size(p), ratio(p, a), "")
	}

	section(sprintf("2. Device churn (zero targets; runs: create x%d, batch x%d, ls/table/status x%d)",
		pairs("create1", "minidm", "floor"), nruns("batch1000", "minidm"), nruns("ls1000", "minidm")))
	row("metric", "minidm", "peer", "peer value", "ratio", "goal")
	# separate creates: one run each, minidm, floor, dmsetup, nop in turn
	a = mean("create1", "minidm", "wall_us"); p = mean("create1", "dmsetup", "wall_us")
	if (a != "") {
		row("300 creates, each its own process", us(300 * a), "dmsetup", us(300 * p), ratio(p, a),
			p != "" ? ">= 8x: " goal(p >= 8 * a) : "")
		x = pairmed("create1", "dmsetup", "minidm")
		row("  per create (medians; ratio: of the pairs)", us(med("create1", "minidm", "wall_us")), "dmsetup",
			us(med("create1", "dmsetup", "wall_us")), x == "" ? "-" : sprintf("%.1fx", x), "")
		frow("  against the floor: create, load, resume only", "create1")
	}
	if (has("create1", "nop", "wall_us"))
		row("  a static do-nothing process, for scale", us(med("create1", "nop", "wall_us")), "", "", "", "")
	a = best("batch1000", "minidm", "wall_us"); p = best("batch1000", "dmsetup", "wall_us")
	trow("1,000 devices in one create --concise", "batch1000", "dmsetup", 0,
		a != "" && p != "" ? "no slower: " goal(a <= p) : "")
	trow("ls, 1,000 devices", "ls1000", "dmsetup", 0, "")
	trow("table, 1,000 devices", "table1000", "dmsetup", 0, "")
	trow("status, 1,000 devices", "status1000", "dmsetup", 0, "")
	trow("remove_all, 1,000 devices (one run each)", "rmall1000", "dmsetup", 0, "")
	if (has("rmall1000", "minidm", "wall_us"))
		row("  (the kernel's RCU grace periods: ~24 ms a device)", "", "", "", "", "")

	section(sprintf("3. Activation from cold (devices inactive, disk caches dropped; x%d)", nruns("act_thin", "minidm")))
	row("metric", "minidm", "peer", "peer value", "ratio", "goal")
	a = best("act_thin", "minidm", "wall_us"); p = best("act_thin", "lvm", "wall_us")
	trow("thin root: pool + thin (lvm: vgchange -ay, thin_check)", "act_thin", "lvm", 0,
		a != "" && p != "" ? ">= 10x: " goal(p >= 10 * a) : "")
	trow("cached root (lvm: vgchange -ay, cache_check)", "act_cache", "lvm", 0, "")
	a = best("act_lvm", "minidm", "wall_us"); p = best("act_lvm", "lvm", "wall_us")
	trow("LVM thin root from its metadata: minidm lvm activate (lvm: vgchange -ay)", "act_lvm",
		"lvm", 0, a != "" && p != "" ? ">= 10x: " goal(p >= 10 * a) : "")
	n = pairs("act_thin_pair", "minidm", "floor")
	if (n)
		row(sprintf("the same tables by the floor (%d pairs, medians):", n), "", "", "", "", "")
	frow("  thin root (pool + thin)", "act_thin_pair")
	sbrow("act_thin_pair")
	dry("act_thin_dry", "command line, config, members, superblock")
	frow("  cached root", "act_cache_pair")
	sbrow("act_cache_pair")
	dry("act_cache_dry", "command line, config, members, superblock")
	frow("  LVM thin root (minidm lvm activate)", "act_lvm_pair")
	dry("act_lvm_dry", sprintf("scan of %s disks, metadata, plan", info["scan_disks"]))
	if (has("act_nop", "nop", "wall_us"))
		row("    a static do-nothing process, for scale", us(med("act_nop", "nop", "wall_us")), "", "", "", "")
	if (has("boot", "minidm", "ms") || has("boot", "lvm", "ms")) {
		a = best("boot", "minidm", "ms"); p = best("boot", "lvm", "ms")
		row("boot, LVM thin root: /init -> root's init", a == "" ? "-" : us(a * 1000), "lvm",
			p == "" ? "-" : us(p * 1000), ratio(p, a), "")
		a = med("boot", "minidm", "ms"); p = med("boot", "lvm", "ms")
		row(sprintf("  median of %d / %d boots (alternating)", cnt["boot", "minidm", "ms"],
			cnt["boot", "lvm", "ms"]), a == "" ? "-" : us(a * 1000), "lvm", p == "" ? "-" : us(p * 1000),
			ratio(p, a), "")
		row("  (root=/dev/bt/root; same busybox, modules, /init steps; minidm reads the", "", "", "", "", "")
		row("   LVM metadata, lvm runs vgchange -ay and thin_check)", "", "", "", "", "")
	}

	section("4. Peak memory (resident set, largest process; traced runs) and system calls")
	row("metric", "minidm", "peer", "peer value", "ratio", "goal")
	split("create1_trace dmsetup create one device|batch1000_mem dmsetup create --concise, 1,000 devices|ls1000_mem dmsetup ls, 1,000 devices|table1000_mem dmsetup table, 1,000 devices|status1000_mem dmsetup status, 1,000 devices|act_thin_trace lvm thin-root activation (lvm, thin_check)|act_lvm_trace lvm LVM thin-root activation, minidm lvm activate (lvm vgchange -ay)|act_cache_trace lvm cached-root activation (lvm, cache_check)", mrows, "|")
	for (i = 1; i in mrows; i++) {
		split(mrows[i], w, " ")
		lab = mrows[i]; sub(/^[^ ]* [^ ]* /, "", lab)
		if (!has(w[1], "minidm", "peak_kb"))
			continue
		a = max(w[1], "minidm", "peak_kb"); p = max(w[1], w[2], "peak_kb")
		row(lab, kib(a), w[2], kib(p), ratio(p, a), w[1] == "act_lvm_trace" ? "<= 256 KiB: " goal(a <= 256) : "")
	}
	# by device count (the scaling runs): each command at each size; the
	# goal holds for every minidm process at the largest size
	nsc = 0
	for (n = 100; n <= 100000; n *= 10)
		if (has("scale_ls" n, "minidm", "wall_us") || has("scale_create" n, "minidm", "peak_kb"))
			sc[++nsc] = n
	split("ls status table create", scmds, " ")
	bigpeak = ""
	for (i = 1; i <= nsc; i++) {
		n = sc[i]; prev = i > 1 ? sc[i - 1] : 0
		for (c = 1; c <= 4; c++) {
			m = scmds[c] == "create" ? "scale_create" n : "scale_" scmds[c] n "_mem"
			if (!has(m, "minidm", "peak_kb"))
				continue
			a = max(m, "minidm", "peak_kb"); p = max(m, "dmsetup", "peak_kb")
			if (i == nsc && (bigpeak == "" || a > bigpeak)) { bigpeak = a; bigpeakof = m }
			lab = scmds[c] == "create" ? sprintf("create --concise of %d (%d -> %d devices)", n - prev, prev, n) \
			                            : sprintf("%s, %d devices", scmds[c], n)
			row(lab, kib(a) (failed(m, "minidm") ? "!" : ""), "dmsetup",
			    kib(p) (failed(m, "dmsetup") ? "! (failed)" : ""), failed(m, "dmsetup") ? "-" : ratio(p, a), "")
		}
	}
	if (bigpeak != "")
		row(sprintf("  largest of these at %d devices", sc[nsc]), kib(bigpeak), "", "", "",
		    sc[nsc] >= 10000 ? "<= 1 MiB: " goal(bigpeak <= 1024) : "(no 10,000: --quick)")
	if (has("nop", "nop", "peak_kb"))
		row("  a static do-nothing process, for scale", kib(max("nop", "nop", "peak_kb")), "", "", "", "")
	peak = 0; bootpeak = 0
	for (k in mx) {
		split(k, w, SUBSEP)
		if (w[2] != "minidm" || w[3] != "peak_kb")
			continue
		if (mx[k] > peak) { peak = mx[k]; peakof = w[1] }
		# boot-sized work: single creates, activations, ls/table/status of
		# 1,000 (not the big batches, not the scaling runs)
		if (w[1] !~ /^(batch|scale_)/ && mx[k] > bootpeak) { bootpeak = mx[k]; bootpeakof = w[1] }
	}
	if (peak) {
		row("peak of all minidm runs", kib(peak), "", "", "", "<= 1 MiB: " goal(peak <= 1024))
		row("peak in boot-sized work (no batch, <= 1,000)", kib(bootpeak), "", "", "", "<= 1 MiB: " goal(bootpeak <= 1024))
	}
	if (has("create1_trace", "minidm", "syscalls")) {
		row("system calls per create (one process)", get("create1_trace", "minidm", "syscalls"), "dmsetup",
			get("create1_trace", "dmsetup", "syscalls"),
			ratio(get("create1_trace", "dmsetup", "syscalls"), get("create1_trace", "minidm", "syscalls")), "")
		row("  of which dm ioctls", get("create1_trace", "minidm", "dm_ioctls"), "dmsetup",
			get("create1_trace", "dmsetup", "dm_ioctls"), "", "")
		if (has("create1_trace", "floor", "syscalls"))
			row("  the floor (create, load, resume)", get("create1_trace", "floor", "syscalls"), "", "", "", "")
	}
	if (has("batch100_trace", "minidm", "syscalls"))
		row("system calls per device, create --concise of 100",
			sprintf("%.1f", get("batch100_trace", "minidm", "syscalls") / 100), "dmsetup",
			sprintf("%.1f", get("batch100_trace", "dmsetup", "syscalls") / 100),
			ratio(get("batch100_trace", "dmsetup", "syscalls"), get("batch100_trace", "minidm", "syscalls")), "")
	split("act_thin_trace thin-root activation|act_lvm_trace LVM thin-root activation|act_cache_trace cached-root activation", srows, "|")
	for (i = 1; i in srows; i++) {
		split(srows[i], w, " ")
		lab = srows[i]; sub(/^[^ ]* /, "", lab)
		if (!has(w[1], "minidm", "syscalls"))
			continue
		row("system calls, " lab, get(w[1], "minidm", "syscalls"), "lvm",
			get(w[1], "lvm", "syscalls") " (" get(w[1], "lvm", "execs") " prog)",
			ratio(get(w[1], "lvm", "syscalls"), get(w[1], "minidm", "syscalls")), "")
		if (has(w[1], "floor", "syscalls"))
			row("  the floor (the same tables)", get(w[1], "floor", "syscalls"), "", "", "", "")
	}

	section(sprintf("5. Scaling of ls, status and table (x%d; per device in brackets)", nruns("scale_ls100", "minidm")))
	row("metric", "minidm", "peer", "peer value", "ratio", "goal")
	split("ls status table", cmds, " ")
	ahead = ""
	for (c = 1; c <= 3; c++) {
		for (i = 1; i <= nsc; i++) {
			n = sc[i]
			a = best("scale_" cmds[c] n, "minidm", "wall_us"); p = best("scale_" cmds[c] n, "dmsetup", "wall_us")
			if (a == "")
				continue
			# goal: ls and status ahead of dmsetup at every count
			if (c < 3 && p != "")
				ahead = ahead == "" ? a < p : ahead && a < p
			row(sprintf("%s, %d devices", cmds[c], n), us(a) sprintf(" (%.0f us)", a / n), "dmsetup",
				us(p) sprintf(" (%.0f us)", p / n), ratio(p, a), c < 3 && p != "" ? "faster: " goal(a < p) : "")
		}
		# linear growth: 10x the devices, 10x the time, once the fixed cost
		# of a process is small against the per-device cost
		if (nsc >= 3) {
			n0 = sc[nsc - 1]; n1 = sc[nsc]
			a0 = best("scale_" cmds[c] n0, "minidm", "wall_us"); a1 = best("scale_" cmds[c] n1, "minidm", "wall_us")
			p0 = best("scale_" cmds[c] n0, "dmsetup", "wall_us"); p1 = best("scale_" cmds[c] n1, "dmsetup", "wall_us")
			row(sprintf("  time at %d / time at %d (linear: %dx)", n1, n0, n1 / n0),
				sprintf("%.1fx", a1 / a0), "dmsetup", sprintf("%.1fx", p1 / p0), "", "")
			row(sprintf("  each added device, %d -> %d", n0, n1), sprintf("%.1f us", (a1 - a0) / (n1 - n0)),
				"dmsetup", sprintf("%.1f us", (p1 - p0) / (n1 - n0)), ratio(p1 - p0, a1 - a0), "")
		}
	}
	if (nsc && sc[nsc] < 10000)
		note("scaling stopped at " sc[nsc] " devices (SCALES)")
	if (info["kmem_per_dev_" sc[nsc]] != "")
		note("kernel memory per zero device near " sc[nsc] ": " info["kmem_per_dev_" sc[nsc]])
	if (nsc >= 2 && has("scale_create" sc[nsc], "minidm", "wall_us"))
		note(sprintf("adding the devices %d to %d took %s (one create --concise, minidm)", sc[nsc - 1], sc[nsc],
			us(best("scale_create" sc[nsc], "minidm", "wall_us"))))

	# flat metadata: the same thin root with 0 and with N snapshots in its
	# pool's metadata (VGs flat0, flatn), each tool's runs paired by round
	fn = info["flat_snaps"] + 0
	if (has("act_flat0", "minidm", "wall_us") || has("act_flatn", "minidm", "wall_us")) {
		section(sprintf("6. Pool metadata: LVM thin-root activation with 0 and %d diverged snapshots (pairs: minidm %d, lvm %d)",
			fn, xpairs("act_flat0", "minidm", "act_flatn", "minidm"), xpairs("act_flat0", "lvm", "act_flatn", "lvm")))
		row("metric", "minidm", "peer", "peer value", "ratio", "goal")
		trow("thin root, 0 snapshots (best)", "act_flat0", "lvm", 0, "")
		trow(sprintf("thin root, %d snapshots", fn), "act_flatn", "lvm", 0, "")
		a = med("act_flat0", "minidm", "wall_us"); p = med("act_flat0", "lvm", "wall_us")
		row("  medians, 0 snapshots", us(a), "lvm", us(p), ratio(p, a), "")
		a = med("act_flatn", "minidm", "wall_us"); p = med("act_flatn", "lvm", "wall_us")
		row(sprintf("  medians, %d snapshots", fn), us(a), "lvm", us(p), ratio(p, a), "")
		flm = xpairmed("act_flatn", "minidm", "act_flat0", "minidm")
		fll = xpairmed("act_flatn", "lvm", "act_flat0", "lvm")
		row(sprintf("time at %d / time at 0 (median of the pairs)", fn), flm == "" ? "-" : sprintf("%.2fx", flm),
			"lvm", fll == "" ? "-" : sprintf("%.2fx", fll), "", flm == "" ? "" : "minidm <= 1.1x: " goal(flm <= 1.1))
		# the floor: the same tables, so the kernel's own part of the growth
		ffl = xpairmed("act_flatn", "floor", "act_flat0", "floor")
		if (ffl != "") {
			row("  the floor's own (the same tables, its pairs)", sprintf("%.2fx", ffl), "floor", "", "", "")
			row("  minidm / floor, 0 snapshots (medians)", sprintf("%.2fx", med("act_flat0", "minidm", "wall_us") /\
				med("act_flat0", "floor", "wall_us")), "", "", "", "")
			row(sprintf("  minidm / floor, %d snapshots (medians)", fn), sprintf("%.2fx", med("act_flatn", "minidm", "wall_us") /\
				med("act_flatn", "floor", "wall_us")), "", "", "", "")
		}
		if (fn) {
			a = (med("act_flatn", "minidm", "wall_us") - med("act_flat0", "minidm", "wall_us")) / fn
			p = (med("act_flatn", "lvm", "wall_us") - med("act_flat0", "lvm", "wall_us")) / fn
			row("  each added snapshot (medians)", sprintf("%.2f us", a), "lvm", sprintf("%.0f us", p), "", "")
		}
		if (has("act_flatn_trace", "minidm", "syscalls")) {
			row(sprintf("  system calls, 0 / %d snapshots", fn), get("act_flat0_trace", "minidm", "syscalls") " / "\
				get("act_flatn_trace", "minidm", "syscalls"), "lvm", get("act_flat0_trace", "lvm", "syscalls") " / "\
				get("act_flatn_trace", "lvm", "syscalls"), "", "")
			row(sprintf("  peak memory, 0 / %d snapshots", fn), sprintf("%d / %d KiB",
				max("act_flat0_trace", "minidm", "peak_kb"), max("act_flatn_trace", "minidm", "peak_kb")), "lvm",
				sprintf("%d / %d KiB", max("act_flat0_trace", "lvm", "peak_kb"), max("act_flatn_trace", "lvm", "peak_kb")),
				"", "")
		}
		if (info["flat_meta_used"] != "") {
			split(info["flat_meta_used"], w, " ")
			split(w[1], u0, "/"); split(w[2], un, "/")
			x = info["flat_meta_used"]; sub(/.*_tmeta /, "", x); sub(/\).*/, "", x)
			row(sprintf("  pool metadata in use, 0 / %d snapshots", fn), sprintf("%.1f / %.1f MiB", u0[1] / 256,
				un[1] / 256), "", "(LV: " x ")", "", "")
		}
	}

	section("Goals")
	b = get("size_bin", "minidm", "bytes")
	printf "  binary with LVM inside at most 119,944 bytes: %s (%d bytes); budget 112 KiB: %s; stretch 96 KiB: %s\n",
		goal(b <= 119944), b, goal(b <= 114688), goal(b <= 98304)
	a = mean("create1", "minidm", "wall_us"); p = mean("create1", "dmsetup", "wall_us")
	printf "  300 separate creates at least 8x faster than dmsetup: %s (%s)\n", a && p ? goal(p >= 8 * a) : "not measured", ratio(p, a)
	split("create1 separate creates|act_thin_pair thin-root activation|act_cache_pair cached-root activation|act_lvm_pair LVM thin-root activation", fk, "|")
	for (i = 1; i in fk; i++) {
		split(fk[i], w, " ")
		lab = fk[i]; sub(/^[^ ]* /, "", lab)
		if (w[1] in fl)
			printf "  %s within 1.15x of its floor: %s (%.2fx, median of the pairs)\n", lab,
				goal(fl[w[1]] <= 1.15), fl[w[1]]
	}
	if (flm != "")
		printf "  thin-root activation flat from 0 to %d pool snapshots (within 1.1x): %s (%.2fx, lvm %.2fx%s)\n",
			fn, goal(flm <= 1.1), flm, fll, ffl == "" ? "" : sprintf(", the floor %.2fx", ffl)
	a = best("batch1000", "minidm", "wall_us"); p = best("batch1000", "dmsetup", "wall_us")
	printf "  batched create no slower than dmsetup: %s (%s)\n", a && p ? goal(a <= p) : "not measured", ratio(p, a)
	a = best("act_thin", "minidm", "wall_us"); p = best("act_thin", "lvm", "wall_us")
	printf "  thin-root activation at least 10x faster than vgchange: %s (%s)\n", a && p ? goal(p >= 10 * a) : "not measured", ratio(p, a)
	if (bigpeak != "")
		printf "  at most 1 MiB at %d devices (ls, status, table, create --concise): %s (%s, %s)\n", sc[nsc],
			(sc[nsc] >= 10000 ? goal(bigpeak <= 1024) : "not measured at 10,000"), kib(bigpeak), what(bigpeakof)
	if (ahead != "")
		printf "  ls and status faster than dmsetup at every count (%s): %s\n", scales_list(), goal(ahead)
	printf "  peak RSS at most 1 MiB: %s (%s in %s); in boot-sized work (single\n", peak ? goal(peak <= 1024) : "not measured", kib(peak), what(peakof)
	printf "    creates, activations, ls/table/status of 1,000): %s (at most %s, %s)\n", goal(bootpeak <= 1024), kib(bootpeak), what(bootpeakof)

	section("Notes")
	if (anyfail)
		printf "  a '!' after a time: some run of it failed (see the errors below)\n"
	if (phases != "")
		printf "  guest phases:%s total %s s for make bench\n", phases, info["elapsed"]
	for (i = 1; i <= nnotes; i++)
		printf "  %s\n", notes[i]
}
