package app.todo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md's "Layout" tree against {@code src/main/java/app/todo}: every package of the code has an
 * entry, every entry is a package of the code, every class of a package is named in its entry, and every class name
 * an entry gives outside parentheses is a class of that package. Text in parentheses is free (it may name other
 * libraries' types).
 */
class ArchitectureLayoutTest {

    private static final Path DOC = Path.of("docs/architecture.md");
    private static final Path SOURCES = Path.of("src/main/java/app/todo");
    /** A tree line: the drawing, then the package's name, then (optionally) its description. */
    private static final Pattern ENTRY = Pattern.compile("^([│ ]*)[├└]── ([a-z]+)\\s*(.*)$");
    /** A class name as the layout writes it: an upper-case letter, then at least one lower-case one. */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b[A-Z][a-z][A-Za-z0-9]*\\b");

    @Test
    void everyPackageOfTheCodeHasAnEntryAndEveryEntryIsAPackage() throws IOException {
        assertEquals(packagesInCode(), layout().keySet(),
                "packages in docs/architecture.md's Layout vs src/main/java/app/todo");
    }

    @Test
    void everyClassIsNamedInItsPackagesEntry() throws IOException {
        Map<String, String> layout = layout();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Set<String>> pkg : classesInCode().entrySet()) {
            String text = layout.getOrDefault(pkg.getKey(), "");
            for (String cls : pkg.getValue()) {
                if (!Pattern.compile("\\b" + cls + "\\b").matcher(text).find()) {
                    missing.add(pkg.getKey() + "." + cls);
                }
            }
        }
        assertTrue(missing.isEmpty(), "classes the Layout does not name in their package's entry: " + missing);
    }

    @Test
    void everyClassAnEntryNamesExistsInThatPackage() throws IOException {
        Map<String, Set<String>> code = classesInCode();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, String> entry : layout().entrySet()) {
            Matcher names = CLASS_NAME.matcher(outsideParentheses(entry.getValue()));
            while (names.find()) {
                if (!code.getOrDefault(entry.getKey(), Set.of()).contains(names.group())) {
                    unknown.add(entry.getKey() + "." + names.group());
                }
            }
        }
        assertTrue(unknown.isEmpty(), "the Layout names classes that are not in that package: " + unknown);
    }

    /** Package (relative to app.todo, dotted) → the text of its entry, continuation lines joined. */
    static Map<String, String> layout() throws IOException {
        String doc = Files.readString(DOC);
        int section = doc.indexOf("\n## Layout");
        assertTrue(section >= 0, "docs/architecture.md has a \"## Layout\" section");
        int open = doc.indexOf("```\n", section);
        int close = doc.indexOf("```", open + 4);
        Map<String, String> entries = new LinkedHashMap<>();
        List<String> path = new ArrayList<>();
        String current = null;
        for (String line : doc.substring(open + 4, close).split("\n")) {
            Matcher entry = ENTRY.matcher(line);
            if (entry.matches()) {
                int depth = entry.group(1).length() / 4;
                while (path.size() > depth) {
                    path.remove(path.size() - 1);
                }
                path.add(entry.group(2));
                current = String.join(".", path);
                entries.put(current, entry.group(3));
            } else if (current != null && !line.isBlank()) {
                entries.merge(current, " " + line.replaceAll("^[│ ]+", ""), String::concat);
            }
        }
        return entries;
    }

    static String outsideParentheses(String text) {
        String previous;
        String result = text;
        do {
            previous = result;
            result = result.replaceAll("\\([^()]*\\)", " ");
        } while (!result.equals(previous));
        return result;
    }

    static Set<String> packagesInCode() throws IOException {
        try (Stream<Path> dirs = Files.walk(SOURCES)) {
            return dirs.filter(Files::isDirectory).filter(d -> !d.equals(SOURCES))
                    .map(d -> SOURCES.relativize(d).toString().replace('/', '.'))
                    .collect(TreeSet::new, Set::add, Set::addAll);
        }
    }

    static Map<String, Set<String>> classesInCode() throws IOException {
        Map<String, Set<String>> classes = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> classes
                    .computeIfAbsent(SOURCES.relativize(f.getParent()).toString().replace('/', '.'),
                            k -> new TreeSet<>())
                    .add(f.getFileName().toString().replace(".java", "")));
        }
        return classes;
    }
}
