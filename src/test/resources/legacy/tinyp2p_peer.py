# -*- coding: utf-8 -*-
"""A peer speaking the original TinyP2P protocol, for tinyp2p's compatibility tests (Python 2.7).

Written for these tests, after the protocol of Ed Felten's TinyP2P (2004): one XML-RPC method
f(token, n, arg), where token is hex HMAC-MD5(password, "http://HOST:PORT") of the server called;
n=0 merges a peer list and answers ours, n=1 answers [names matching the regular expression arg],
n=2 answers the file named arg (a string for plain text, base64 otherwise).

    python tinyp2p_peer.py PASSWORD server HOST PORT [OTHERURL]
    python tinyp2p_peer.py PASSWORD client SERVERURL PATTERN

Unlike the original, a lone server answers (it lists itself) and files are limited to the current folder.
"""
import hmac
import os
import re
import sys
import xmlrpclib
import SimpleXMLRPCServer


def token(password, url):
    return hmac.new(password, url).hexdigest()  # HMAC-MD5, as in the original


def shared(pattern):
    names = [n for n in sorted(os.listdir('.')) if os.path.isfile(n) and not n.startswith('.')]
    return [n for n in names if pattern == '' or re.search(pattern, n)]


def as_wire(data):
    """Plain UTF-8 text travels as a string; anything else (or a CR, which XML would drop) as base64."""
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError:
        return xmlrpclib.Binary(data)
    if '\r' in text or any(ord(c) < 32 and c not in '\t\n' for c in text):
        return xmlrpclib.Binary(data)
    return data


def from_wire(value):
    if isinstance(value, xmlrpclib.Binary):
        return value.data
    if isinstance(value, unicode):
        return value.encode('utf-8')
    return value


def serve(password, host, port, seeds):
    me = 'http://%s:%s' % (host, port)
    peers = [me] + [s for s in seeds if s != me]

    def merge(urls):
        for url in urls:
            if url not in peers:
                peers.append(url)
        return peers

    def f(tok, n, arg):
        if tok != token(password, me):
            return False
        if n == 0:
            return merge(arg)
        if n == 1:
            return [shared(arg)]
        if n == 2:
            if arg not in shared(''):
                raise Exception('no such file')
            with open(arg, 'rb') as fh:
                return as_wire(fh.read())
        raise Exception('bad n')

    server = SimpleXMLRPCServer.SimpleXMLRPCServer((host, int(port)), logRequests=False, allow_none=False)
    server.register_function(f, 'f')
    for seed in seeds:
        answer = xmlrpclib.ServerProxy(seed).f(token(password, seed), 0, merge([me]))
        for url in list(merge(answer)):
            if url not in (me, seed):
                merge(xmlrpclib.ServerProxy(url).f(token(password, url), 0, peers))
    print 'tinyp2p_peer serving %s' % me
    sys.stdout.flush()
    server.serve_forever()


def client(password, server_url, pattern):
    for url in xmlrpclib.ServerProxy(server_url).f(token(password, server_url), 0, []):
        proxy = xmlrpclib.ServerProxy(url)
        for name in proxy.f(token(password, url), 1, pattern)[0]:
            local = name.encode('utf-8') if isinstance(name, unicode) else name
            if os.path.basename(local) != local or local in ('', '.', '..') or os.path.exists(local):
                continue
            data = from_wire(proxy.f(token(password, url), 2, name))
            with open(local, 'wb') as fh:
                fh.write(data)
            print 'fetched %s from %s' % (local, url)
            sys.stdout.flush()


if __name__ == '__main__':
    args = sys.argv[1:]
    if len(args) >= 4 and args[1] == 'server':
        serve(args[0], args[2], args[3], args[4:])
    elif len(args) == 4 and args[1] == 'client':
        client(args[0], args[2], args[3])
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)
