def log = new File(basedir, 'build.log').text
assert log.contains('pip could not install the Python packages for cp314')
assert log.contains('THESE PACKAGES DO NOT MATCH THE HASHES FROM THE REQUIREMENTS FILE')
assert log.contains('Expected sha256 0000000000000000000000000000000000000000000000000000000000000000')
assert !new File(basedir, 'target/classes/META-INF/pyembed/python-packages.properties').exists()
return true
