package dev.pyembed.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The lock file: one {@code name==version --hash=sha256:...} line per distribution, for one target
 * ({@code # pyembed-lock: cp314 linux-x86_64}). Written by the {@code lock} goal from pip's installation report,
 * installed by {@code install-requirements} with {@code --require-hashes --no-deps}.
 */
final class LockFile {

    static final String TARGET_PREFIX = "# pyembed-lock: ";

    /** Reads pip's {@code --report} and writes the lock; packages that Maven provides are left out. */
    static final String FROM_REPORT = String.join("\n",
            "import json, sys",
            "report, lock, header = sys.argv[1], sys.argv[2], sys.argv[3]",
            "with open(report, encoding='utf-8') as f:",
            "    items = json.load(f)['install']",
            "lines, unhashed = header.split('\\n'), []",
            "for item in sorted(items, key=lambda i: i['metadata']['name'].lower()):",
            "    name, version = item['metadata']['name'], item['metadata']['version']",
            "    if version.endswith('+" + ProvidedPackages.LOCAL_LABEL + "'):",
            "        continue",
            "    info = item.get('download_info', {})",
            "    sha = info.get('archive_info', {}).get('hashes', {}).get('sha256')",
            "    if not sha:",
            "        unhashed.append(name + ' (' + info.get('url', '?') + ')')",
            "        continue",
            "    lines.append(name + '==' + version + ' --hash=sha256:' + sha)",
            "if unhashed:",
            "    sys.exit('ERROR: cannot lock ' + ', '.join(unhashed) + ': only archives (wheels) have a hash')",
            "with open(lock, 'w', encoding='utf-8', newline='\\n') as f:",
            "    f.write('\\n'.join(lines) + '\\n')",
            "");

    private LockFile() {
    }

    static String header(String pythonTag, TargetPlatform platform) {
        return "# Python packages pinned by `mvn pyembed:lock`: edit the requirements, then run it again.\n"
                + TARGET_PREFIX + pythonTag + " " + platform.classifier();
    }

    /** The normalized names the lock pins. */
    static Set<String> pinnedNames(Path lock) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        for (String line : Files.readAllLines(lock, StandardCharsets.UTF_8)) {
            Requirement.name(line).ifPresent(names::add);
        }
        return names;
    }

    /** {@code cp314 linux-x86_64}, or empty when the lock does not say (written by hand or by other tools). */
    static Optional<String> target(Path lock) throws IOException {
        List<String> lines = Files.readAllLines(lock, StandardCharsets.UTF_8);
        return lines.stream().filter(l -> l.startsWith(TARGET_PREFIX)).findFirst()
                .map(l -> l.substring(TARGET_PREFIX.length()).strip());
    }
}
