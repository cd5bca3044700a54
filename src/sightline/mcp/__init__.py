"""The MCP ecosystem: MCP servers as agents (`McpAgent`), and Sightline as an MCP server.

Everything on the wire is the official `mcp` SDK's; this package only maps servers to agents
(`servers`, `discovery`, `agent`), reads arguments offline (`slots`, `tool_choice`), keeps one
connection per server (`connection`) and exposes Sightline's own tools (`server`).
"""
