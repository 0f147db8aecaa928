/**
 * Tests of the billing MCP server.
 */
@NullMarked
package io.credyt.mcp;

import org.jspecify.annotations.NullMarked;
