// Writes the ITs' wheelhouse: alpha 2.0 (needs beta>=1.0) and beta 1.0, pure-Python wheels (PEP 427).
import java.security.MessageDigest
import java.util.zip.ZipEntry
import java.util.zip.ZipOutputStream

def wheel(File dir, String name, String version, Map<String, String> files, List<String> requires) {
    def distInfo = "${name}-${version}.dist-info/"
    def entries = new LinkedHashMap<String, byte[]>()
    files.each { path, text -> entries[path] = text.getBytes('UTF-8') }
    entries[distInfo + 'METADATA'] = ("Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n"
            + requires.collect { "Requires-Dist: ${it}\n" }.join('')).getBytes('UTF-8')
    entries[distInfo + 'WHEEL'] = 'Wheel-Version: 1.0\nGenerator: it\nRoot-Is-Purelib: true\nTag: py3-none-any\n'.getBytes('UTF-8')
    def record = new StringBuilder()
    entries.each { path, bytes ->
        def digest = Base64.urlEncoder.withoutPadding().encodeToString(MessageDigest.getInstance('SHA-256').digest(bytes))
        record << "${path},sha256=${digest},${bytes.length}\n"
    }
    record << "${distInfo}RECORD,,\n"
    entries[distInfo + 'RECORD'] = record.toString().getBytes('UTF-8')
    dir.mkdirs()
    new ZipOutputStream(new FileOutputStream(new File(dir, "${name}-${version}-py3-none-any.whl"))).withCloseable { zip ->
        entries.each { path, bytes ->
            zip.putNextEntry(new ZipEntry(path))
            zip.write(bytes)
            zip.closeEntry()
        }
    }
}

def wheelhouse = new File(basedir, 'wheelhouse')
wheel(wheelhouse, 'beta', '1.0', ['beta/__init__.py': 'def value():\n    return 42\n'], [])
wheel(wheelhouse, 'alpha', '2.0', ['alpha/__init__.py': 'import beta\n\ndef answer():\n    return beta.value()\n'], ['beta>=1.0'])
return true
