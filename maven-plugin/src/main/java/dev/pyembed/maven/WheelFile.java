package dev.pyembed.maven;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a wheel (PEP 427): a zip of the package's files plus {@code <name>-<version>.dist-info/} with
 * {@code METADATA}, {@code WHEEL} and {@code RECORD}. Used for the stand-ins of packages that Maven provides.
 */
final class WheelFile {

    private WheelFile() {
    }

    /**
     * @param directory where the wheel is written
     * @param tag       e.g. {@code py3-none-any}
     * @param files     paths inside the wheel and their contents
     * @param requires  {@code Requires-Dist} lines, e.g. {@code beta>=1.0}
     * @return the wheel file
     */
    static Path write(Path directory, String name, String version, String tag, Map<String, String> files,
                      List<String> requires) throws IOException {
        String distInfo = name + "-" + version + ".dist-info/";
        Map<String, byte[]> entries = new LinkedHashMap<>();
        files.forEach((path, text) -> entries.put(path, text.getBytes(StandardCharsets.UTF_8)));
        StringBuilder metadata = new StringBuilder("Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n");
        requires.forEach(r -> metadata.append("Requires-Dist: ").append(r).append('\n'));
        entries.put(distInfo + "METADATA", metadata.toString().getBytes(StandardCharsets.UTF_8));
        entries.put(distInfo + "WHEEL", ("Wheel-Version: 1.0\nGenerator: pyembed-maven-plugin\nRoot-Is-Purelib: "
                + tag.endsWith("-none-any") + "\nTag: " + tag + "\n").getBytes(StandardCharsets.UTF_8));
        StringBuilder record = new StringBuilder();
        entries.forEach((path, bytes) -> record.append(path).append(",sha256=").append(urlsafeSha256(bytes))
                .append(',').append(bytes.length).append('\n'));
        record.append(distInfo).append("RECORD,,\n");
        entries.put(distInfo + "RECORD", record.toString().getBytes(StandardCharsets.UTF_8));

        Files.createDirectories(directory);
        Path wheel = directory.resolve(name + "-" + version + "-" + tag + ".whl");
        try (OutputStream out = Files.newOutputStream(wheel); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                ZipEntry zipEntry = new ZipEntry(entry.getKey());
                zipEntry.setTime(315532800000L); // 1980-01-01: the same bytes on every build
                zip.putNextEntry(zipEntry);
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return wheel;
    }

    private static String urlsafeSha256(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
