def configure():
    raise ValueError('broken on purpose')


configure()
