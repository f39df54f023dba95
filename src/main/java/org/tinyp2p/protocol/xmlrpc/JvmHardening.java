package org.tinyp2p.protocol.xmlrpc;

import java.io.ObjectInputFilter;

/**
 * Process-wide defences that must be in place before any peer is heard: the hardened XML parser, and a
 * filter that rejects every Java deserialization. Apache XML-RPC 3.1.3 deserializes a {@code faultCause}
 * sent by a server whatever its settings (CVE-2019-17570); tinyp2p never needs Java serialization at all.
 */
public final class JvmHardening {
    private static boolean installed;

    private JvmHardening() {
    }

    public static synchronized void install() {
        if (installed) {
            return;
        }
        HardenedXml.install();
        if (ObjectInputFilter.Config.getSerialFilter() == null) {
            ObjectInputFilter.Config.setSerialFilter(info -> ObjectInputFilter.Status.REJECTED);
        }
        installed = true;
    }
}
