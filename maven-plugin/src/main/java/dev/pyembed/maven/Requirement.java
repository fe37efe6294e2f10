package dev.pyembed.maven;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The project name at the start of a requirement line ({@code Beta_Pkg>=1.0; python_version>"3"}), normalized. */
final class Requirement {

    private static final Pattern NAME = Pattern.compile("^\\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)");

    private Requirement() {
    }

    /** @return empty for comments, blank lines and options ({@code -r}, {@code --hash} continuation lines) */
    static Optional<String> name(String line) {
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#") || text.startsWith("-")) {
            return Optional.empty();
        }
        Matcher m = NAME.matcher(text);
        return m.find() ? Optional.of(normalize(m.group(1))) : Optional.empty();
    }

    /** PEP 503: lower case, runs of {@code -_.} become one {@code -}. */
    static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }
}
