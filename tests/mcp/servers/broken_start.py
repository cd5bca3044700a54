"""An MCP server command that dies before speaking the protocol."""

import sys

sys.exit("cannot open the tide database")
