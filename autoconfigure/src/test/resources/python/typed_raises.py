raise ImportError('typed_raises is broken on purpose')
