"""`jmap lint`: the engine, one module per rule, suppressions, fixes, the rules' docs."""
