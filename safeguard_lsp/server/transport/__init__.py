"""How messages reach the server and leave it: the protocol class over pygls,
the framing of the byte stream, standard input and output, TCP, and the
specification's lifecycle rules."""
