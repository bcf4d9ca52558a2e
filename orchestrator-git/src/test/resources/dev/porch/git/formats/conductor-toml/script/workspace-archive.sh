#!/bin/sh
# clean up what lives outside the workspace (here: note that it ran, in the repository root)
echo "archived $CONDUCTOR_WORKSPACE_NAME" >> "$CONDUCTOR_ROOT_PATH/archived.txt"
