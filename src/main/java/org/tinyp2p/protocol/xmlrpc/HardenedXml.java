package org.tinyp2p.protocol.xmlrpc;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.apache.xmlrpc.util.SAXParsers;
import org.xml.sax.SAXNotRecognizedException;
import org.xml.sax.SAXNotSupportedException;

/**
 * Every XML message comes from a peer we may not trust. Apache XML-RPC 3.1.3 parses with a factory that
 * fetches external DTDs and expands entities; this installs, for the whole process, one that refuses any
 * DOCTYPE, so no message can make us fetch a URL or expand an entity bomb.
 */
public final class HardenedXml {
    private HardenedXml() {
    }

    public static synchronized void install() {
        SAXParserFactory factory = SAXParserFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException | SAXNotRecognizedException | SAXNotSupportedException e) {
            throw new IllegalStateException("the JDK's XML parser refused a hardening feature", e);
        }
        SAXParsers.setSAXParserFactory(new QuietParserFactory(factory));
    }
}
