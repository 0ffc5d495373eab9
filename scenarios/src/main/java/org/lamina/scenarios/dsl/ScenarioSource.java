package org.lamina.scenarios.dsl;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigIncluderURL;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;

/**
 * Turns scenario text into an unresolved {@link Config}, refusing what the config library would
 * choke on or should not do, each with file:line:
 * <ul>
 *   <li>a file over {@link #MAX_BYTES} or not UTF-8 text (the byte offset of the first bad byte);</li>
 *   <li>nesting deeper than {@link HoconScan#MAX_DEPTH} (the library's parser recurses);</li>
 *   <li>an {@code include} of anything but a file in the including file's folder tree: never a URL
 *       ({@code validate} would wait on a server forever), a classpath resource, an absolute path or a
 *       path that leaves the scenario's folder ({@code ..}, or a link pointing out of it); a missing
 *       file, an include cycle, or includes nested deeper than {@link #MAX_INCLUDE_DEPTH};</li>
 *   <li>a key written twice in one file (HOCON merges or replaces it silently);</li>
 *   <li>substitutions that would expand without bound ({@link Substitutions}).</li>
 * </ul>
 * Scenario files are HOCON whatever their extension (the library would read {@code .json} as JSON).
 */
final class ScenarioSource {
    /** The largest scenario file read (a scenario is a few kilobytes). */
    static final int MAX_BYTES = 1 << 20;
    /** How many includes deep a scenario may go. */
    static final int MAX_INCLUDE_DEPTH = 8;

    /** A parsed, unresolved scenario and the values its substitutions are bounded by. */
    record Parsed(Config config, Substitutions substitutions) {
    }

    private ScenarioSource() {
    }

    /** A scenario file; it may include files in its folder tree. */
    static Parsed file(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ScenarioException(file.toString(), "", "no such scenario file");
        }
        Path base = file.getParent() == null ? Path.of("") : file.getParent();
        Path realRoot;
        try {
            realRoot = base.toAbsolutePath().toRealPath();
        } catch (IOException e) {
            throw new ScenarioException(file.toString(), "", "cannot read its folder: " + e.getMessage());
        }
        Substitutions subs = new Substitutions();
        Config c = read(new FileTree(base, realRoot), file.getFileName().toString(), List.of(), subs, List.of());
        return new Parsed(c, subs);
    }

    /** A scenario shipped as a classpath resource ({@code examples/quickstart.conf}); it may include resources in its folder. */
    static Parsed resource(String name) {
        int slash = name.lastIndexOf('/');
        ResourceTree tree = new ResourceTree(slash < 0 ? "" : name.substring(0, slash));
        String rel = name.substring(slash + 1);
        if (!tree.isFile(rel)) {
            throw new ScenarioException(name, "", "no such built-in scenario");
        }
        Substitutions subs = new Substitutions();
        return new Parsed(read(tree, rel, List.of(), subs, List.of()), subs);
    }

    /** A scenario given as text ({@code originName} stands for its file); it can include nothing. */
    static Parsed text(String text, String originName) {
        Substitutions subs = new Substitutions();
        return new Parsed(parseText(text, originName, subs, true), subs);
    }

    /** One {@code --set key=value}, checked like a file; its values join {@code subs}. */
    static Config override(String text, Substitutions subs) {
        return parseText(text, "--set " + text, subs, false);
    }

    private static Config parseText(String text, String origin, Substitutions subs, boolean withLines) {
        HoconScan scan = scan(text, origin, withLines);
        if (!scan.includes.isEmpty()) {
            HoconScan.Include inc = scan.includes.get(0);
            throw new ScenarioException(withLines ? origin + ":" + inc.line() : origin, "include",
                    "a scenario given as text cannot include files (" + describe(inc) + ")");
        }
        subs.add(scan, origin, withLines, List.of());
        try {
            return ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription(origin)
                    .setSyntax(ConfigSyntax.CONF).setIncluder(new Refusing(origin)));
        } catch (ConfigException e) {
            throw syntax(origin, e);
        } catch (StackOverflowError e) {
            throw tooDeep(origin);
        }
    }

    /** Where included files are looked up: a folder of files, or a folder of classpath resources. */
    private interface Tree {
        /** How the file at {@code rel} (a normalised relative path with '/') is named in messages. */
        String display(String rel);

        boolean isFile(String rel);

        /** An identity for cycle checks (the real path of a file). */
        String identity(String rel);

        /** Throws IllegalArgumentException when the file at {@code rel} is not really inside the tree (a link out of it). */
        void checkInside(String rel);

        byte[] bytes(String rel) throws IOException;

        Config parse(String rel, ConfigParseOptions options);
    }

    private record FileTree(Path base, Path realRoot) implements Tree {
        @Override
        public String display(String rel) {
            return base.resolve(rel).toString();
        }

        @Override
        public boolean isFile(String rel) {
            return Files.isRegularFile(base.resolve(rel));
        }

        @Override
        public String identity(String rel) {
            try {
                return base.resolve(rel).toRealPath().toString();
            } catch (IOException e) {
                throw new ScenarioException(display(rel), "", "cannot be read: " + e.getMessage());
            }
        }

        @Override
        public void checkInside(String rel) {
            Path real = Path.of(identity(rel));
            if (!real.startsWith(realRoot)) {
                throw new IllegalArgumentException("it leads outside the scenario's folder " + realRoot + " (through a"
                        + " link, to " + real + ")");
            }
        }

        @Override
        public byte[] bytes(String rel) throws IOException {
            Path p = base.resolve(rel);
            if (Files.size(p) > MAX_BYTES) {
                return null;
            }
            return Files.readAllBytes(p);
        }

        @Override
        public Config parse(String rel, ConfigParseOptions options) {
            return ConfigFactory.parseFile(new File(display(rel)), options.setAllowMissing(false));
        }
    }

    private record ResourceTree(String folder) implements Tree {
        private String resource(String rel) {
            return folder.isEmpty() ? rel : folder + "/" + rel;
        }

        @Override
        public String display(String rel) {
            return resource(rel);
        }

        @Override
        public boolean isFile(String rel) {
            return ScenarioSource.class.getResource("/" + resource(rel)) != null;
        }

        @Override
        public String identity(String rel) {
            return resource(rel);
        }

        @Override
        public void checkInside(String rel) {
            // Resources are named by their paths, already checked.
        }

        @Override
        public byte[] bytes(String rel) throws IOException {
            try (InputStream in = ScenarioSource.class.getResourceAsStream("/" + resource(rel))) {
                if (in == null) {
                    throw new IOException("no resource " + resource(rel));
                }
                byte[] b = in.readNBytes(MAX_BYTES + 1);
                return b.length > MAX_BYTES ? null : b;
            }
        }

        @Override
        public Config parse(String rel, ConfigParseOptions options) {
            try {
                return ConfigFactory.parseString(new String(bytes(rel), StandardCharsets.UTF_8),
                        options.setOriginDescription(resource(rel)));
            } catch (IOException e) {
                throw new ScenarioException(resource(rel), "", "cannot be read: " + e.getMessage());
            }
        }
    }

    /**
     * Reads, checks and parses the file at {@code rel} of {@code tree}, included through
     * {@code chain} (identities of the including files) at {@code prefix}.
     */
    private static Config read(Tree tree, String rel, List<String> chain, Substitutions subs, List<String> prefix) {
        String display = tree.display(rel);
        byte[] bytes;
        try {
            bytes = tree.bytes(rel);
        } catch (IOException e) {
            throw new ScenarioException(display, "", "cannot be read: " + e.getMessage());
        }
        if (bytes == null) {
            throw new ScenarioException(display, "", "larger than " + MAX_BYTES / 1024 + " KiB: not a scenario file");
        }
        String text = utf8(bytes, display);
        HoconScan scan = scan(text, display, true);
        List<String> including = new ArrayList<>(chain);
        including.add(tree.identity(rel));
        for (HoconScan.Include inc : scan.includes) {
            try {
                checkInclude(tree, rel, inc.kind(), inc.name(), including);
            } catch (IllegalArgumentException e) {
                throw new ScenarioException(display + ":" + inc.line(), "include", describe(inc) + ": " + e.getMessage());
            }
        }
        subs.add(scan, display, true, prefix);
        Config config;
        try {
            config = tree.parse(rel, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF)
                    .setIncluder(new Includer(tree, rel, including, subs, scan, prefix)));
        } catch (ConfigException e) {
            throw syntax(display, e);
        } catch (StackOverflowError e) {
            throw tooDeep(display);
        }
        duplicates(scan, config, display);
        return config;
    }

    /** The relative path an include names, after the rules in the class comment; IllegalArgumentException says why not. */
    private static String checkInclude(Tree tree, String from, String kind, String name, List<String> including) {
        if (kind.equals("url") || kind.equals("classpath")) {
            throw new IllegalArgumentException("a scenario includes only files in its own folder, never a "
                    + (kind.equals("url") ? "URL" : "classpath resource") + "; write include \"file.conf\"");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("names no file");
        }
        if (name.matches("[A-Za-z][A-Za-z0-9+.-]*:.*")) {
            throw new IllegalArgumentException("a scenario includes only files in its own folder, never a URL; write"
                    + " include \"file.conf\"");
        }
        Path p;
        try {
            p = Path.of(name);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a file name: " + e.getMessage());
        }
        if (p.isAbsolute() || name.startsWith("/") || name.startsWith("\\")) {
            throw new IllegalArgumentException("an absolute path; a scenario includes files relative to its own folder");
        }
        Path folder = Path.of(from).getParent();
        Path rel = (folder == null ? p : folder.resolve(p)).normalize();
        if (rel.toString().isEmpty() || rel.startsWith("..")) {
            throw new IllegalArgumentException("leads outside the scenario's folder; a scenario includes only files in"
                    + " its folder and the folders below it");
        }
        String r = rel.toString().replace(File.separatorChar, '/');
        if (!tree.isFile(r)) {
            throw new IllegalArgumentException("no such file: " + tree.display(r));
        }
        tree.checkInside(r);
        String id = tree.identity(r);
        if (including.contains(id)) {
            throw new IllegalArgumentException("includes itself: " + String.join(" -> ", including) + " -> " + id);
        }
        if (including.size() > MAX_INCLUDE_DEPTH) {
            throw new IllegalArgumentException("includes nested more than " + MAX_INCLUDE_DEPTH + " deep");
        }
        return r;
    }

    private static String describe(HoconScan.Include inc) {
        return "include " + switch (inc.kind()) {
            case "heuristic" -> ConfigUtil.quoteString(inc.name());
            default -> inc.kind() + "(" + ConfigUtil.quoteString(inc.name()) + ")";
        };
    }

    /** The library's includer, replaced: files of the tree only, each read like the scenario itself. */
    private static final class Includer implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderURL,
            ConfigIncluderClasspath {
        private final Tree tree;
        private final String from;
        private final List<String> including;
        private final Substitutions subs;
        private final List<HoconScan.Include> pending;
        private final List<String> prefix;

        Includer(Tree tree, String from, List<String> including, Substitutions subs, HoconScan scan, List<String> prefix) {
            this.tree = tree;
            this.from = from;
            this.including = including;
            this.subs = subs;
            this.pending = new ArrayList<>(scan.includes);
            this.prefix = prefix;
        }

        @Override
        public ConfigIncluder withFallback(ConfigIncluder fallback) {
            return this; // never the library's own includer
        }

        @Override
        public ConfigObject include(ConfigIncludeContext context, String what) {
            return load("heuristic", what);
        }

        @Override
        public ConfigObject includeFile(ConfigIncludeContext context, File what) {
            return load("file", what.getPath());
        }

        @Override
        public ConfigObject includeURL(ConfigIncludeContext context, URL what) {
            return load("url", what.toString());
        }

        @Override
        public ConfigObject includeResources(ConfigIncludeContext context, String what) {
            return load("classpath", what);
        }

        private ConfigObject load(String kind, String name) {
            List<String> at = List.of();
            String where = tree.display(from);
            for (int i = 0; i < pending.size(); i++) {
                if (pending.get(i).name().equals(name)) {
                    at = pending.get(i).prefix();
                    where += ":" + pending.get(i).line();
                    pending.remove(i);
                    break;
                }
            }
            String rel;
            try {
                rel = checkInclude(tree, from, kind, name, including);
            } catch (IllegalArgumentException e) {
                throw new ScenarioException(where, "include", name + ": " + e.getMessage());
            }
            List<String> all = new ArrayList<>(prefix);
            all.addAll(at);
            return read(tree, rel, including, subs, List.copyOf(all)).root();
        }
    }

    /** Refuses every include (text with no folder: built-in strings, overrides). */
    private record Refusing(String origin) implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderURL,
            ConfigIncluderClasspath {
        @Override
        public ConfigIncluder withFallback(ConfigIncluder fallback) {
            return this;
        }

        @Override
        public ConfigObject include(ConfigIncludeContext context, String what) {
            throw refuse(what);
        }

        @Override
        public ConfigObject includeFile(ConfigIncludeContext context, File what) {
            throw refuse(what.getPath());
        }

        @Override
        public ConfigObject includeURL(ConfigIncludeContext context, URL what) {
            throw refuse(what.toString());
        }

        @Override
        public ConfigObject includeResources(ConfigIncludeContext context, String what) {
            throw refuse(what);
        }

        private ScenarioException refuse(String what) {
            return new ScenarioException(origin, "include", "a scenario given as text cannot include files (" + what + ")");
        }
    }

    /** Strict UTF-8: a bad byte is reported with its line and offset. */
    private static String utf8(byte[] bytes, String display) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = d.decode(in, out, true);
        if (!r.isError()) {
            r = d.flush(out);
        }
        if (r.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new ScenarioException(display + ":" + line, "", String.format("not UTF-8 text: byte 0x%02X at offset %d"
                    + " is not valid UTF-8 (scenario files are UTF-8; convert it, e.g. iconv -f latin1 -t utf-8)",
                    bytes[at] & 0xff, at));
        }
        out.flip();
        return out.toString();
    }

    private static HoconScan scan(String text, String origin, boolean withLines) {
        HoconScan scan = HoconScan.of(text);
        if (scan.maxDepth > HoconScan.MAX_DEPTH) {
            throw new ScenarioException(withLines ? origin + ":" + scan.maxDepthLine : origin, "",
                    "nested more than " + HoconScan.MAX_DEPTH + " levels deep (objects, lists and the parts of a key);"
                            + " a scenario needs a handful");
        }
        return scan;
    }

    /** Keys the scan saw written twice, if the parsed file has them (the scan is light; the parse is the truth). */
    private static void duplicates(HoconScan scan, Config config, String display) {
        for (HoconScan.Field[] d : scan.duplicates()) {
            List<String> path = d[1].path();
            if (path.stream().noneMatch(e -> e.startsWith("["))) {
                try {
                    if (!config.hasPathOrNull(ConfigUtil.joinPath(path))) {
                        continue;
                    }
                } catch (ConfigException e) {
                    continue;
                }
            }
            throw new ScenarioException(display + ":" + d[1].line(), Substitutions.render(path), "written twice (first at"
                    + " line " + d[0].line() + "); HOCON would silently merge or replace the first, so write it once");
        }
    }

    static ScenarioException syntax(String where, ConfigException e) {
        String origin = e.origin() != null ? Section.where(e.origin()) : where;
        return new ScenarioException(origin, "", "not valid HOCON: " + e.getMessage());
    }

    private static ScenarioException tooDeep(String where) {
        return new ScenarioException(where, "", "nested or chained too deeply to parse");
    }
}
