package dev.pyembed;

/**
 * A CPython version. pyembed supports 3.10 to 3.14.
 *
 * @param major e.g. 3
 * @param minor e.g. 14
 * @param micro e.g. 3
 */
public record PythonVersion(int major, int minor, int micro) implements Comparable<PythonVersion> {

    public static final PythonVersion OLDEST_SUPPORTED = new PythonVersion(3, 10, 0);
    public static final PythonVersion NEWEST_SUPPORTED = new PythonVersion(3, 14, Integer.MAX_VALUE);

    /** Parses {@code 3.11}, {@code 3.11.7} or {@code 3.14.3+} style strings (suffixes after the numbers are ignored). */
    public static PythonVersion parse(String text) {
        String[] parts = text.trim().split("\\.");
        if (parts.length < 2) {
            throw new IllegalArgumentException("not a Python version: '" + text + "'");
        }
        try {
            int micro = parts.length > 2 ? Integer.parseInt(parts[2].replaceAll("\\D.*$", "").isEmpty()
                    ? "0" : parts[2].replaceAll("\\D.*$", "")) : 0;
            return new PythonVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), micro);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a Python version: '" + text + "'", e);
        }
    }

    public boolean isAtLeast(int major, int minor) {
        return this.major > major || (this.major == major && this.minor >= minor);
    }

    public boolean isSupported() {
        return compareTo(OLDEST_SUPPORTED) >= 0 && compareTo(NEWEST_SUPPORTED) <= 0;
    }

    /** {@code 3.14}: the part that names the library ({@code libpython3.14.so}) and {@code lib/python3.14}. */
    public String majorMinor() {
        return major + "." + minor;
    }

    @Override
    public int compareTo(PythonVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) c = Integer.compare(minor, o.minor);
        if (c == 0) c = Integer.compare(micro, o.micro);
        return c;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + micro;
    }
}
