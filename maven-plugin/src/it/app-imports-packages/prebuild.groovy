evaluate(new File(itSources, 'wheels.groovy')) // the wheelhouse: alpha (needs beta) and beta
