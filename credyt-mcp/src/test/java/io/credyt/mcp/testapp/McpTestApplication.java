package io.credyt.mcp.testapp;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application the MCP server tests start: the starter, credyt-mcp and
 * test/resources/application.yml. In a package of its own, as an application is, so its scan does not
 * pick up the auto-configuration's nested classes.
 */
@SpringBootApplication
public class McpTestApplication {

}
