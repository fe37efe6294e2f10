import java.util.zip.ZipFile

def jar = new File(basedir, 'target/app-1.0.jar')
assert jar.isFile()
new ZipFile(jar).withCloseable { zip ->
    ['META-INF/pyembed/python-packages.properties',
     'META-INF/pyembed/site-packages/app/alpha/__init__.py',
     'META-INF/pyembed/site-packages/app/beta/__init__.py',
     'META-INF/pyembed/site-packages/app/beta-1.0.dist-info/METADATA'].each { assert zip.getEntry(it) != null : it }
    def descriptor = new Properties()
    zip.getInputStream(zip.getEntry('META-INF/pyembed/python-packages.properties')).withCloseable { descriptor.load(it) }
    assert descriptor.id == 'app'
    assert descriptor.version == '1.0'
    assert descriptor.root == 'META-INF/pyembed/site-packages/app'
    assert descriptor['python-tag'] == 'py3'
    assert descriptor.platform == 'any'
    assert descriptor['content-hash'] ==~ /[0-9a-f]{64}/
}

// The built jar runs: in a new JVM, the pyembed engine finds the jar's descriptor, extracts the packages into its
// cache and puts them on sys.path; the application imports alpha, which imports beta.
def classpath = jar.path + File.pathSeparator + new File(basedir, 'target/classpath.txt').text.trim()
def command = [System.getProperty('java.home') + '/bin/java']
if (Runtime.version().feature() >= 22) {
    command << '--enable-native-access=ALL-UNNAMED'
}
command += ['-cp', classpath, 'it.App']
def process = new ProcessBuilder(command).redirectErrorStream(true).start()
def output = process.inputStream.text
process.waitFor()
println output
assert process.exitValue() == 0
assert output.contains('packages [app 1.0 (py3, any)]')
assert output.contains('alpha.answer() = 42')
def beta = (output =~ /beta from (.*)/)[0][1].trim()
assert beta.contains('/packages/app-1.0-py3-any-') : beta  // the engine's cache, not target/classes
assert beta.endsWith('/beta/__init__.py') : beta
return true
