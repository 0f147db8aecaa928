/**
 * The application the MCP server tests start.
 */
@NullMarked
package io.credyt.mcp.testapp;

import org.jspecify.annotations.NullMarked;
