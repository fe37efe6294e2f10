import pyembed

price_at_start = pyembed.java('prices').price('A-42')
