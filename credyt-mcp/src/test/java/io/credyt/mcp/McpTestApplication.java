package io.credyt.mcp;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The application the MCP server tests start: the starter, credyt-mcp and test/resources/application.yml. */
@SpringBootApplication
public class McpTestApplication {

}
