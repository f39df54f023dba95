package org.tinyp2p.protocol.xmlrpc;

import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.ErrorHandler;
import org.xml.sax.Parser;
import org.xml.sax.SAXException;
import org.xml.sax.SAXNotRecognizedException;
import org.xml.sax.SAXNotSupportedException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

/**
 * Hands Apache XML-RPC parsers whose errors are thrown, never printed. Without an error handler the JDK's
 * parser writes "[Fatal Error] ..." to stderr for every malformed message a peer sends; Apache creates its
 * readers itself, so the handler is set here, on the way out of the factory.
 */
final class QuietParserFactory extends SAXParserFactory {
    private static final ErrorHandler THROWING = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private final SAXParserFactory delegate;

    QuietParserFactory(SAXParserFactory delegate) {
        this.delegate = delegate;
        setNamespaceAware(delegate.isNamespaceAware());
        setValidating(delegate.isValidating());
    }

    @Override
    public SAXParser newSAXParser() throws ParserConfigurationException, SAXException {
        SAXParser parser = delegate.newSAXParser();
        parser.getXMLReader().setErrorHandler(THROWING);
        return new SAXParser() {
            @Override
            @SuppressWarnings("deprecation")
            public Parser getParser() throws SAXException {
                return parser.getParser();
            }

            @Override
            public XMLReader getXMLReader() throws SAXException {
                return parser.getXMLReader();
            }

            @Override
            public boolean isNamespaceAware() {
                return parser.isNamespaceAware();
            }

            @Override
            public boolean isValidating() {
                return parser.isValidating();
            }

            @Override
            public void setProperty(String name, Object value) throws SAXNotRecognizedException, SAXNotSupportedException {
                parser.setProperty(name, value);
            }

            @Override
            public Object getProperty(String name) throws SAXNotRecognizedException, SAXNotSupportedException {
                return parser.getProperty(name);
            }
        };
    }

    @Override
    public void setFeature(String name, boolean value) throws ParserConfigurationException, SAXNotRecognizedException, SAXNotSupportedException {
        delegate.setFeature(name, value);
    }

    @Override
    public boolean getFeature(String name) throws ParserConfigurationException, SAXNotRecognizedException, SAXNotSupportedException {
        return delegate.getFeature(name);
    }
}
