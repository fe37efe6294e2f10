package dev.pyembed.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Python packages the application already gets as Maven artifacts (numpy and scipy from
 * {@code org.bytedeco:numpy}/{@code scipy}): pip must count them as present and install them not again.
 *
 * <p>pip's {@code --target} ignores what is installed, so each one is offered to pip as an empty stand-in wheel
 * {@code numpy-2.4.2+pyembed.provided} in a wheelhouse of its own, pinned by a constraint to exactly that local
 * version: pip resolves the application's requirements against the version Maven provides (a requirement it does
 * not meet fails with pip's conflict message), installs only the stand-in, and the stand-in's dist-info is removed.
 */
final class ProvidedPackages {

    static final String LOCAL_LABEL = "pyembed.provided";

    /** normalized name to version */
    private final Map<String, String> packages = new LinkedHashMap<>();

    void add(String name, String version) {
        packages.put(Requirement.normalize(name), version);
    }

    /** {@code numpy==2.4.2} */
    void add(String pin) {
        int eq = pin.indexOf("==");
        if (eq <= 0 || eq + 2 >= pin.length()) {
            throw new IllegalArgumentException("provided package '" + pin + "' is not of the form name==version");
        }
        add(pin.substring(0, eq).strip(), pin.substring(eq + 2).strip());
    }

    boolean contains(String normalizedName) {
        return packages.containsKey(normalizedName);
    }

    boolean isEmpty() {
        return packages.isEmpty();
    }

    Map<String, String> asMap() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(packages));
    }

    /**
     * Writes the stand-in wheels and the constraints file into {@code directory}.
     *
     * @return pip's arguments that offer them: {@code --find-links <dir> -c <constraints>}
     */
    List<String> pipArguments(Path directory) throws IOException {
        if (packages.isEmpty()) {
            return List.of();
        }
        Path wheels = directory.resolve("provided-wheels");
        StringBuilder constraints = new StringBuilder("# Provided as Maven artifacts: not installed by pip\n");
        for (Map.Entry<String, String> p : packages.entrySet()) {
            String version = p.getValue() + "+" + LOCAL_LABEL;
            WheelFile.write(wheels, p.getKey().replace('-', '_'), version, "py3-none-any", Map.of(), List.of());
            constraints.append(p.getKey()).append("==").append(version).append('\n');
        }
        Path constraintsFile = directory.resolve("provided-constraints.txt");
        Files.writeString(constraintsFile, constraints, StandardCharsets.UTF_8);
        return List.of("--find-links", wheels.toString(), "-c", constraintsFile.toString());
    }

    /** Deletes the stand-ins' dist-info folders that pip installed into {@code target}; returns their names. */
    static List<String> removeStandIns(Path target) throws IOException {
        List<String> removed = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(target, "*+" + LOCAL_LABEL + ".dist-info")) {
            for (Path dir : dirs) {
                Trees.delete(dir);
                removed.add(dir.getFileName().toString());
            }
        }
        return removed;
    }
}
