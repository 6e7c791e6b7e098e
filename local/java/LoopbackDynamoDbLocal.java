// DynamoDB Local on 127.0.0.1 only. Its command line has no host option and its Jetty server
// listens on every interface, without authentication; this launcher builds the server as
// DynamoDBLocal.jar's own main does, binds its connectors to the loopback address, and starts it.
// Run by local/dynamodb-local.ts with java's source-file mode (Java 11+, needs the jdk.compiler
// module), with DynamoDB Local's jar and libraries on the class path and its usual arguments.

import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    // The Jetty server is private to the proxy: reflection, checked, since the jar is pinned.
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server jetty = (Server) field.get(proxy);
    Connector[] connectors = jetty.getConnectors();
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local has no connector to bind");
    for (Connector connector : connectors) ((ServerConnector) connector).setHost("127.0.0.1");
    proxy.start();
    proxy.join();
  }
}
