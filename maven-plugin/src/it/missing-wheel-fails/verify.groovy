def log = new File(basedir, 'build.log').text
assert log.contains('pip could not install the Python packages for cp314')
assert log.contains('ERROR: No matching distribution found for gamma>=1.0')
assert !new File(basedir, 'target/classes/META-INF/pyembed/python-packages.properties').exists()
return true
