package org.lamina.scenarios.dsl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * A light lexical pass over HOCON text, made before (and besides) the config library's parser, for
 * what that parser does not say or does not survive: how deeply the text nests (the library's
 * parser recurses and overflows the stack on a few thousand levels), which keys one file writes
 * twice (HOCON merges or replaces them silently), which {@code include} statements it holds and
 * where, and which substitutions each value makes (to bound what resolving them produces, see
 * {@link Substitutions}).
 *
 * <p>Iterative throughout, linear in the text. It understands the HOCON that the library accepts;
 * on text it does not follow it sets {@link #understood} to false and the callers use only its
 * depth (computed from brackets alone, outside strings and comments).
 */
final class HoconScan {
    /** Objects and lists (and the elements of a key's path) may nest this deep. */
    static final int MAX_DEPTH = 64;

    /** An array element in a path: {@code [i]}. */
    static String element(int i) {
        return "[" + i + "]";
    }

    /**
     * A value written at a key: its path (from the file's root; array elements as {@code [i]}), the
     * line, whether it is an append ({@code +=}), how many characters of literal text it holds, and
     * the paths of the substitutions it makes.
     */
    record Field(List<String> path, int line, boolean append, long literal, List<List<String>> refs) {
        boolean refersTo(List<String> p) {
            return refs.contains(p);
        }
    }

    /** An include statement: its line, kind ({@code heuristic}, {@code file}, {@code url}, {@code classpath}), name and the object it is in. */
    record Include(int line, String kind, String name, List<String> prefix) {
    }

    /** The deepest nesting and the line where it is first reached. */
    final int maxDepth;
    final int maxDepthLine;
    /** False when the text was not followed to its end (then only the depth is meaningful). */
    final boolean understood;
    final List<Field> fields;
    final List<Include> includes;

    private HoconScan(int maxDepth, int maxDepthLine, boolean understood, List<Field> fields, List<Include> includes) {
        this.maxDepth = maxDepth;
        this.maxDepthLine = maxDepthLine;
        this.understood = understood;
        this.fields = fields;
        this.includes = includes;
    }

    static HoconScan of(String text) {
        Tokens t = Tokens.of(text);
        if (t.maxDepth > MAX_DEPTH || !t.understood) {
            return new HoconScan(t.maxDepth, t.maxDepthLine, false, List.of(), List.of());
        }
        Structure s = new Structure(t, text);
        boolean ok = s.run();
        int depth = Math.max(t.maxDepth, s.maxPathDepth);
        int line = s.maxPathDepth > t.maxDepth ? s.maxPathDepthLine : t.maxDepthLine;
        return new HoconScan(depth, line, ok, ok ? List.copyOf(s.fields) : List.of(), ok ? List.copyOf(s.includes) : List.of());
    }

    /**
     * Keys written twice in one file, each as {@code {first field, second field}}. Appends
     * ({@code +=}) and values that refer to their own key ({@code a = ${a} ...}) build on the
     * earlier value on purpose and are not reported.
     */
    List<Field[]> duplicates() {
        List<Field[]> out = duplicatesInOrder();
        // The earliest line first and, on it, the outermost key (a population written twice, not its size).
        out.sort(java.util.Comparator.<Field[]>comparingInt(d -> d[1].line()).thenComparingInt(d -> d[1].path().size()));
        return out;
    }

    private List<Field[]> duplicatesInOrder() {
        java.util.Map<List<String>, Field> seen = new java.util.HashMap<>();
        List<Field[]> out = new ArrayList<>();
        for (Field f : fields) {
            if (f.append() || f.refersTo(f.path())) {
                continue;
            }
            Field first = seen.putIfAbsent(f.path(), f);
            if (first != null) {
                out.add(new Field[] {first, f});
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // Tokens: parallel arrays of type, start, end (exclusive) and line.

    private static final byte WS = 0;
    private static final byte NEWLINE = 1;
    private static final byte LBRACE = 2;
    private static final byte RBRACE = 3;
    private static final byte LBRACKET = 4;
    private static final byte RBRACKET = 5;
    private static final byte COMMA = 6;
    private static final byte SEPARATOR = 7; // ':' or '='
    private static final byte PLUS_EQUALS = 8;
    private static final byte QUOTED = 9;    // "..." (start..end include the quotes)
    private static final byte TRIPLE = 10;   // """...""" (start..end include the quotes)
    private static final byte UNQUOTED = 11;
    private static final byte SUBSTITUTION = 12; // ${...} (start..end include ${ and })

    private static final class Tokens {
        byte[] type = new byte[64];
        int[] start = new int[64];
        int[] end = new int[64];
        int[] line = new int[64];
        int n;
        int maxDepth;
        int maxDepthLine;
        boolean understood = true;

        void add(byte t, int s, int e, int l) {
            if (n == type.length) {
                int c = n * 2;
                type = Arrays.copyOf(type, c);
                start = Arrays.copyOf(start, c);
                end = Arrays.copyOf(end, c);
                line = Arrays.copyOf(line, c);
            }
            type[n] = t;
            start[n] = s;
            end[n] = e;
            line[n] = l;
            n++;
        }

        static Tokens of(String s) {
            Tokens t = new Tokens();
            int len = s.length();
            int line = 1;
            int depth = 0;
            int i = 0;
            while (i < len) {
                char c = s.charAt(i);
                if (c == '\n') {
                    t.add(NEWLINE, i, i + 1, line);
                    line++;
                    i++;
                } else if (c == '#' || c == '/' && i + 1 < len && s.charAt(i + 1) == '/') {
                    while (i < len && s.charAt(i) != '\n') {
                        i++;
                    }
                } else if (whitespace(c)) {
                    int b = i;
                    while (i < len && whitespace(s.charAt(i))) {
                        i++;
                    }
                    t.add(WS, b, i, line);
                } else if (c == '"') {
                    int b = i;
                    if (s.startsWith("\"\"\"", i)) {
                        int close = s.indexOf("\"\"\"", i + 3);
                        if (close < 0) {
                            t.understood = false;
                            return t;
                        }
                        int e = close + 3;
                        while (e < len && s.charAt(e) == '"') {
                            e++;
                        }
                        t.add(TRIPLE, b, e, line);
                        for (int k = b; k < e; k++) {
                            line += s.charAt(k) == '\n' ? 1 : 0;
                        }
                        i = e;
                    } else {
                        int e = quotedEnd(s, i);
                        if (e < 0) {
                            t.understood = false;
                            return t;
                        }
                        t.add(QUOTED, b, e, line);
                        i = e;
                    }
                } else if (c == '$' && i + 1 < len && s.charAt(i + 1) == '{') {
                    int b = i;
                    i += 2;
                    while (i < len && s.charAt(i) != '}' && s.charAt(i) != '\n') {
                        if (s.charAt(i) == '"') {
                            int e = quotedEnd(s, i);
                            if (e < 0) {
                                t.understood = false;
                                return t;
                            }
                            i = e;
                        } else {
                            i++;
                        }
                    }
                    if (i >= len || s.charAt(i) != '}') {
                        t.understood = false;
                        return t;
                    }
                    i++;
                    t.add(SUBSTITUTION, b, i, line);
                } else if (c == '{' || c == '[') {
                    depth++;
                    if (depth > t.maxDepth) {
                        t.maxDepth = depth;
                        t.maxDepthLine = line;
                        if (depth > MAX_DEPTH) {
                            return t; // no need to read on
                        }
                    }
                    t.add(c == '{' ? LBRACE : LBRACKET, i, i + 1, line);
                    i++;
                } else if (c == '}' || c == ']') {
                    depth--;
                    t.add(c == '}' ? RBRACE : RBRACKET, i, i + 1, line);
                    i++;
                } else if (c == ',') {
                    t.add(COMMA, i, i + 1, line);
                    i++;
                } else if (c == ':' || c == '=') {
                    t.add(SEPARATOR, i, i + 1, line);
                    i++;
                } else if (c == '+' && i + 1 < len && s.charAt(i + 1) == '=') {
                    t.add(PLUS_EQUALS, i, i + 2, line);
                    i += 2;
                } else {
                    int b = i;
                    while (i < len && !endsUnquoted(s, i)) {
                        i++;
                    }
                    if (i == b) {
                        i++; // a character of its own, e.g. a '$' not starting a substitution
                    }
                    t.add(UNQUOTED, b, i, line);
                }
            }
            return t;
        }

        /** The index after the closing quote of the string opening at {@code i}, or -1. */
        private static int quotedEnd(String s, int i) {
            int j = i + 1;
            while (j < s.length()) {
                char c = s.charAt(j);
                if (c == '\\') {
                    j += 2;
                } else if (c == '"') {
                    return j + 1;
                } else if (c == '\n') {
                    return -1;
                } else {
                    j++;
                }
            }
            return -1;
        }

        private static boolean endsUnquoted(String s, int i) {
            char c = s.charAt(i);
            return switch (c) {
                case '"', '{', '}', '[', ']', ',', ':', '=', '#', '\n' -> true;
                case '$' -> i + 1 < s.length() && s.charAt(i + 1) == '{';
                case '/' -> i + 1 < s.length() && s.charAt(i + 1) == '/';
                case '+' -> i + 1 < s.length() && s.charAt(i + 1) == '=';
                default -> whitespace(c);
            };
        }
    }

    static boolean whitespace(char c) {
        return c != '\n' && (Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFEFF');
    }

    // ---------------------------------------------------------------------------------------------
    // Structure: objects, lists, fields and includes, with an explicit stack.

    private static final class Structure {
        private final Tokens t;
        private final String s;
        final List<Field> fields = new ArrayList<>();
        final List<Include> includes = new ArrayList<>();
        int maxPathDepth;
        int maxPathDepthLine;
        private int p;

        Structure(Tokens t, String s) {
            this.t = t;
            this.s = s;
        }

        /** An object being read: its path, whether braces enclose it. */
        private record Obj(List<String> path, boolean braced) implements Ctx {
        }

        /** A list being read: its path and the elements so far. */
        private static final class Arr implements Ctx {
            final List<String> path;
            int count;

            Arr(List<String> path) {
                this.path = path;
            }
        }

        /** A value being read: a field's (owner null) or a list element's (owner: the field it belongs to). */
        private static final class Val implements Ctx {
            final List<String> path;
            final int line;
            final boolean append;
            final Val owner;
            long literal;
            final List<List<String>> refs = new ArrayList<>();
            boolean started;

            Val(List<String> path, int line, boolean append, Val owner) {
                this.path = path;
                this.line = line;
                this.append = append;
                this.owner = owner;
            }
        }

        private interface Ctx {
        }

        boolean run() {
            Deque<Ctx> stack = new ArrayDeque<>();
            skip(WS, NEWLINE);
            if (p < t.n && t.type[p] == LBRACE) {
                p++;
                stack.push(new Obj(List.of(), true));
            } else if (p < t.n && t.type[p] == LBRACKET) {
                return false; // a list at the root: not a scenario; the library says why
            } else {
                stack.push(new Obj(List.of(), false));
            }
            while (!stack.isEmpty()) {
                Ctx top = stack.peek();
                boolean ok;
                if (top instanceof Obj o) {
                    ok = object(o, stack);
                } else if (top instanceof Arr a) {
                    ok = list(a, stack);
                } else {
                    ok = value((Val) top, stack);
                }
                if (!ok) {
                    return false;
                }
            }
            skip(WS, NEWLINE, COMMA);
            return p >= t.n;
        }

        private boolean object(Obj o, Deque<Ctx> stack) {
            skip(WS, NEWLINE, COMMA);
            if (p >= t.n) {
                stack.pop();
                return !o.braced();
            }
            byte type = t.type[p];
            if (type == RBRACE) {
                if (!o.braced()) {
                    return false;
                }
                p++;
                stack.pop();
                return true;
            }
            if (type == UNQUOTED && text(p).equals("include") && include(o)) {
                return true;
            }
            // A key: quoted and unquoted parts (and the spaces between them) up to a separator or '{'.
            int line = t.line[p];
            List<String> key = new ArrayList<>();
            StringBuilder part = new StringBuilder();
            boolean any = false;
            int lastSolid = -1;
            int first = p;
            while (p < t.n && (t.type[p] == QUOTED || t.type[p] == UNQUOTED || t.type[p] == WS)) {
                if (t.type[p] != WS) {
                    lastSolid = p;
                }
                p++;
            }
            if (lastSolid < 0) {
                return false;
            }
            int after = p;
            for (int k = first; k <= lastSolid; k++) {
                if (t.type[k] == QUOTED) {
                    part.append(unquote(k));
                    any = true;
                } else if (t.type[k] == WS) {
                    part.append(text(k));
                } else {
                    String u = text(k);
                    for (int c = 0; c < u.length(); c++) {
                        if (u.charAt(c) == '.') {
                            key.add(part.toString());
                            part.setLength(0);
                        } else {
                            part.append(u.charAt(c));
                        }
                    }
                    any = true;
                }
            }
            if (!any) {
                return false;
            }
            key.add(part.toString());
            p = after;
            List<String> path = concat(o.path(), key);
            noteDepth(path.size(), line);
            skip(WS);
            if (p >= t.n) {
                return false;
            }
            if (t.type[p] == LBRACE) {
                Val v = new Val(path, line, false, null);
                v.started = true;
                stack.push(v);
                stack.push(new Obj(path, true));
                p++;
                return true;
            }
            if (t.type[p] != SEPARATOR && t.type[p] != PLUS_EQUALS) {
                return false;
            }
            boolean append = t.type[p] == PLUS_EQUALS;
            p++;
            stack.push(new Val(path, line, append, null));
            return true;
        }

        /** An include statement at {@code p}; false (position kept) if {@code include} is a key here. */
        private boolean include(Obj o) {
            int q = p + 1;
            if (q >= t.n || t.type[q] != WS) {
                return false;
            }
            while (q < t.n && t.type[q] == WS) {
                q++;
            }
            if (q >= t.n || !(t.type[q] == QUOTED || t.type[q] == UNQUOTED && text(q).strip().matches(
                    "(required\\s*\\(\\s*)?(url|file|classpath)?\\s*\\(?\\s*"))) {
                return false;
            }
            int line = t.line[p];
            StringBuilder wrapper = new StringBuilder();
            String name = null;
            while (q < t.n && t.type[q] != NEWLINE && t.type[q] != COMMA && t.type[q] != RBRACE) {
                if (t.type[q] == QUOTED) {
                    if (name != null) {
                        return false;
                    }
                    name = unquote(q);
                    wrapper.append('"');
                } else if (t.type[q] == UNQUOTED) {
                    wrapper.append(text(q).replaceAll("\\s", ""));
                } else if (t.type[q] != WS) {
                    return false;
                }
                q++;
            }
            if (name == null) {
                return false;
            }
            String w = wrapper.toString();
            if (w.startsWith("required(")) {
                w = w.substring("required(".length());
            }
            String kind = w.startsWith("url(") ? "url" : w.startsWith("file(") ? "file"
                    : w.startsWith("classpath(") ? "classpath" : "heuristic";
            includes.add(new Include(line, kind, name, o.path()));
            p = q;
            return true;
        }

        private boolean list(Arr a, Deque<Ctx> stack) {
            skip(WS, NEWLINE, COMMA);
            if (p >= t.n) {
                return false;
            }
            if (t.type[p] == RBRACKET) {
                p++;
                stack.pop();
                return true;
            }
            // The field the list belongs to collects what its elements hold.
            Val owner = null;
            for (Ctx c : stack) {
                if (c instanceof Val v) {
                    owner = v.owner == null ? v : v.owner;
                    break;
                }
            }
            List<String> path = concat(a.path, List.of(element(a.count++)));
            noteDepth(path.size(), t.line[p]);
            stack.push(new Val(path, t.line[p], false, owner));
            return true;
        }

        private boolean value(Val v, Deque<Ctx> stack) {
            while (p < t.n) {
                byte type = t.type[p];
                switch (type) {
                    case WS -> {
                        if (v.started) {
                            v.literal += t.end[p] - t.start[p];
                        }
                        p++;
                    }
                    case QUOTED, TRIPLE, UNQUOTED -> {
                        v.literal += t.end[p] - t.start[p];
                        v.started = true;
                        p++;
                    }
                    case SUBSTITUTION -> {
                        List<String> ref = substitutionPath(p);
                        if (ref == null) {
                            return false;
                        }
                        noteDepth(ref.size(), t.line[p]);
                        v.refs.add(ref);
                        v.started = true;
                        p++;
                    }
                    case LBRACE -> {
                        v.started = true;
                        p++;
                        stack.push(new Obj(v.path, true));
                        return true;
                    }
                    case LBRACKET -> {
                        v.started = true;
                        p++;
                        stack.push(new Arr(v.path));
                        return true;
                    }
                    case NEWLINE -> {
                        if (v.started) {
                            return end(v, stack);
                        }
                        p++;
                    }
                    case COMMA, RBRACE, RBRACKET -> {
                        return end(v, stack);
                    }
                    default -> {
                        return false;
                    }
                }
            }
            return end(v, stack);
        }

        private boolean end(Val v, Deque<Ctx> stack) {
            stack.pop();
            if (!v.started) {
                return false;
            }
            if (v.owner == null) {
                fields.add(new Field(v.path, v.line, v.append, v.literal, List.copyOf(v.refs)));
            } else {
                v.owner.literal += v.literal;
                v.owner.refs.addAll(v.refs);
            }
            return true;
        }

        /** The path of the substitution token at {@code k}, or null. */
        private List<String> substitutionPath(int k) {
            String body = s.substring(t.start[k] + 2, t.end[k] - 1).strip();
            if (body.startsWith("?")) {
                body = body.substring(1).strip();
            }
            List<String> path = new ArrayList<>();
            StringBuilder part = new StringBuilder();
            int i = 0;
            while (i < body.length()) {
                char c = body.charAt(i);
                if (c == '"') {
                    int e = Tokens.quotedEnd(body, i);
                    if (e < 0) {
                        return null;
                    }
                    part.append(unescape(body.substring(i + 1, e - 1)));
                    i = e;
                } else if (c == '.') {
                    path.add(part.toString());
                    part.setLength(0);
                    i++;
                } else {
                    part.append(c);
                    i++;
                }
            }
            path.add(part.toString());
            return path;
        }

        private void noteDepth(int depth, int line) {
            if (depth > maxPathDepth) {
                maxPathDepth = depth;
                maxPathDepthLine = line;
            }
        }

        private void skip(byte... types) {
            outer:
            while (p < t.n) {
                for (byte b : types) {
                    if (t.type[p] == b) {
                        p++;
                        continue outer;
                    }
                }
                return;
            }
        }

        private String text(int k) {
            return s.substring(t.start[k], t.end[k]);
        }

        private String unquote(int k) {
            return unescape(s.substring(t.start[k] + 1, t.end[k] - 1));
        }

        private static List<String> concat(List<String> a, List<String> b) {
            List<String> out = new ArrayList<>(a.size() + b.size());
            out.addAll(a);
            out.addAll(b);
            return List.copyOf(out);
        }
    }

    /** A quoted string's content with its escapes applied (as far as they matter for keys). */
    static String unescape(String q) {
        if (q.indexOf('\\') < 0) {
            return q;
        }
        StringBuilder sb = new StringBuilder(q.length());
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            if (c != '\\' || i + 1 >= q.length()) {
                sb.append(c);
                continue;
            }
            char e = q.charAt(++i);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'u' -> {
                    if (i + 4 < q.length()) {
                        try {
                            sb.append((char) Integer.parseInt(q.substring(i + 1, i + 5), 16));
                            i += 4;
                        } catch (NumberFormatException x) {
                            sb.append('u');
                        }
                    } else {
                        sb.append('u');
                    }
                }
                default -> sb.append(e);
            }
        }
        return sb.toString();
    }
}
