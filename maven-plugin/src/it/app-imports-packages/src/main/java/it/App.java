package it;

import dev.pyembed.PythonEngine;
import dev.pyembed.RuntimeSelection;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/** Runs from the built jar: imports the Python packages the plugin installed into it. */
public class App {

    public static void main(String[] args) throws Exception {
        Properties descriptor = new Properties();
        try (InputStream in = App.class.getClassLoader().getResourceAsStream("META-INF/pyembed/python-packages.properties")) {
            descriptor.load(in);
        }
        System.out.println("descriptor " + descriptor);
        Path packages = extract(descriptor.getProperty("root"), Path.of(args[0]));
        try (PythonEngine engine = PythonEngine.builder().runtime(RuntimeSelection.EMBEDDED).pythonPath(packages).start()) {
            Object answer = engine.withGil(gil -> {
                gil.exec("import alpha, beta");
                return gil.eval("alpha.answer()");
            });
            System.out.println("alpha.answer() = " + answer);
            System.out.println("beta from " + engine.withGil(gil -> gil.eval("beta.__file__")));
        }
    }

    /** The root folder out of this jar (what the engine does itself once it reads the descriptor). */
    private static Path extract(String root, Path target) throws Exception {
        Path jar = Path.of(App.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                if (!entry.isDirectory() && entry.getName().startsWith(root + "/")) {
                    Path out = target.resolve(entry.getName().substring(root.length() + 1));
                    Files.createDirectories(out.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        return target;
    }
}
