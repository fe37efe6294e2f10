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

// The built jar runs: a pyembed engine in a new JVM imports alpha, which imports beta.
def classpath = jar.path + File.pathSeparator + new File(basedir, 'target/classpath.txt').text.trim()
def command = [System.getProperty('java.home') + '/bin/java']
if (Runtime.version().feature() >= 22) {
    command << '--enable-native-access=ALL-UNNAMED'
}
command += ['-cp', classpath, 'it.App', new File(basedir, 'target/extracted-packages').path]
def process = new ProcessBuilder(command).redirectErrorStream(true).start()
def output = process.inputStream.text
process.waitFor()
println output
assert process.exitValue() == 0
assert output.contains('alpha.answer() = 42')
return true
