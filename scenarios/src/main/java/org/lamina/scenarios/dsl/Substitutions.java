package org.lamina.scenarios.dsl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import com.typesafe.config.ConfigUtil;

/**
 * Bounds what resolving a scenario's {@code ${...}} substitutions would produce, before the config
 * library resolves them. Resolving copies every value a substitution names, so a few lines that
 * each repeat the one before ten times ({@code b = ${a}${a}...}, {@code c = ${b}${b}...}) ask
 * for gigabytes and end in an OutOfMemoryError after a minute; a scenario's values are a few
 * thousand characters.
 *
 * <p>Each value written in a file (or a {@code --set}) is a node: its literal text and the
 * substitutions it makes. A substitution stands for every value written at or under the path it
 * names (all of them, an over-estimate where later ones replace earlier ones), only the earlier
 * ones when it names the value's own key ({@code a = ${a}x} builds on the previous {@code a}),
 * and at least one character when nothing in the files defines it (an environment variable). The
 * estimate of a value is its literal length plus its substitutions' estimates; a value over
 * {@link #VALUE_LIMIT} or all of them together over {@link #TOTAL_LIMIT} is refused, naming the
 * value's file:line and key. Iterative, with a cap on the work ({@link #WORK_LIMIT}).
 */
final class Substitutions {
    /** Characters one value may expand to. */
    static final long VALUE_LIMIT = 1_000_000;
    /** Characters all values may expand to together. */
    static final long TOTAL_LIMIT = 10_000_000;
    /** Steps the estimate may take (a file that needs more is refused rather than checked slowly). */
    static final long WORK_LIMIT = 20_000_000;

    private static final long UNKNOWN = -1;
    private static final long IN_PROGRESS = -2;

    /** A value: its path, where it is written, its literal length and, per substitution, the paths it may mean. */
    private record Node(List<String> path, String where, long literal, List<List<List<String>>> refs) {
    }

    private final List<Node> nodes = new ArrayList<>();

    Substitutions copy() {
        Substitutions s = new Substitutions();
        s.nodes.addAll(nodes);
        return s;
    }

    /**
     * Adds the values of one scanned file or override, included at {@code prefix} ({@code where}
     * names the file, {@code withLines}: add {@code :line}). Substitutions in an included file
     * mean the path under the prefix first, as written otherwise (as the library looks them up).
     */
    void add(HoconScan scan, String where, boolean withLines, List<String> prefix) {
        for (HoconScan.Field f : scan.fields) {
            List<List<List<String>>> refs = new ArrayList<>();
            for (List<String> r : f.refs()) {
                refs.add(prefix.isEmpty() ? List.of(r) : List.of(concat(prefix, r), r));
            }
            nodes.add(new Node(concat(prefix, f.path()), withLines ? where + ":" + f.line() : where, f.literal(),
                    refs));
        }
    }

    /** Throws a {@link ScenarioException} at the first value that would expand too far. */
    void check() {
        int n = nodes.size();
        if (nodes.stream().allMatch(x -> x.refs().isEmpty())) {
            return; // nothing to expand: the literal text is all there is, and the file size bounds it
        }
        Map<List<String>, List<Integer>> under = new HashMap<>();
        for (int i = 0; i < n; i++) {
            List<String> p = nodes.get(i).path();
            for (int k = 1; k <= p.size(); k++) {
                under.computeIfAbsent(p.subList(0, k), x -> new ArrayList<>()).add(i);
            }
        }
        long[] memo = new long[n];
        java.util.Arrays.fill(memo, UNKNOWN);
        long[] work = {0};
        long total = 0;
        for (int i = 0; i < n; i++) {
            total += estimate(i, memo, under, work);
            if (total > TOTAL_LIMIT) {
                throw fail(nodes.get(i), "the scenario's values would add up to more than " + TOTAL_LIMIT
                        + " characters once their substitutions are resolved (by this one); a scenario needs far fewer");
            }
        }
    }

    private static final class Frame {
        final int node;
        long acc;
        int ref;
        int[] members;
        int member;
        long sum;

        Frame(int node, long literal) {
            this.node = node;
            this.acc = literal;
        }
    }

    private long estimate(int start, long[] memo, Map<List<String>, List<Integer>> under, long[] work) {
        if (memo[start] >= 0) {
            return memo[start];
        }
        Deque<Frame> stack = new ArrayDeque<>();
        memo[start] = IN_PROGRESS;
        stack.push(new Frame(start, nodes.get(start).literal()));
        while (!stack.isEmpty()) {
            Frame f = stack.peek();
            Node node = nodes.get(f.node);
            if (f.members == null) {
                if (f.ref == node.refs().size()) {
                    memo[f.node] = f.acc;
                    if (f.acc > VALUE_LIMIT) {
                        throw fail(node, "its substitutions would expand to more than " + VALUE_LIMIT + " characters (a"
                                + " value built from values that are themselves built by repeating others); a scenario's"
                                + " values are far shorter");
                    }
                    stack.pop();
                    if (!stack.isEmpty()) {
                        Frame parent = stack.peek();
                        parent.sum += f.acc;
                        parent.member++;
                    }
                    continue;
                }
                f.members = members(f.node, node.refs().get(f.ref), under, work);
                f.member = 0;
                f.sum = 0;
            }
            if (f.member < f.members.length && f.sum <= VALUE_LIMIT) {
                if (++work[0] > WORK_LIMIT) {
                    throw fail(node, "too many substitutions to check (more than " + WORK_LIMIT + " steps)");
                }
                int m = f.members[f.member];
                if (memo[m] >= 0) {
                    f.sum += memo[m];
                    f.member++;
                } else if (memo[m] == IN_PROGRESS) {
                    f.sum += 1; // a cycle: the library reports it when resolving
                    f.member++;
                } else {
                    memo[m] = IN_PROGRESS;
                    stack.push(new Frame(m, nodes.get(m).literal()));
                }
                continue;
            }
            f.acc += Math.max(1, f.sum);
            f.ref++;
            f.members = null;
        }
        return memo[start];
    }

    /** The values a substitution of node {@code i} may stand for. */
    private int[] members(int i, List<List<String>> candidates, Map<List<String>, List<Integer>> under, long[] work) {
        List<String> own = nodes.get(i).path();
        for (List<String> c : candidates) {
            for (int k = c.size(); k >= 1; k--) { // the path itself, else the nearest value above it
                List<Integer> found = under.get(c.subList(0, k));
                if (found == null) {
                    continue;
                }
                boolean self = startsWith(own, c.subList(0, k));
                int[] out = found.stream().mapToInt(Integer::intValue).filter(m -> !self || m < i).toArray();
                work[0] += found.size();
                if (k < c.size()) {
                    // A value above the path: only those written at that exact path can hold it.
                    List<String> at = c.subList(0, k);
                    out = java.util.Arrays.stream(out).filter(m -> nodes.get(m).path().equals(at)).toArray();
                }
                if (out.length > 0) {
                    return out;
                }
                break;
            }
        }
        return new int[0];
    }

    private static boolean startsWith(List<String> path, List<String> prefix) {
        return path.size() >= prefix.size() && path.subList(0, prefix.size()).equals(prefix);
    }

    private static ScenarioException fail(Node node, String message) {
        return new ScenarioException(node.where(), render(node.path()), message);
    }

    /** A path as the scenario errors write keys: {@code a.b[0].c}, odd keys quoted. */
    static String render(List<String> path) {
        StringBuilder sb = new StringBuilder();
        for (String e : path) {
            if (e.startsWith("[") && e.endsWith("]")) {
                sb.append(e);
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append('.');
            }
            sb.append(e.matches("[A-Za-z0-9_-]+") ? e : ConfigUtil.quoteString(e));
        }
        return sb.toString();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        if (a.isEmpty()) {
            return b;
        }
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }
}
