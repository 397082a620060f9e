# Stores carry a schema version, as NetBird's migrations do: a version migrates an older store
# up, one way, and refuses a store a newer version has migrated. Variant images of the tests
# set NB_STANDIN_SCHEMA (a newer version) and NB_STANDIN_FAIL_MIGRATION (a broken upgrade that
# dies after migrating a store marked standin-refuse-upgrade). Needs `fatal` from the caller.
migrate_store_schema() {
  schema=${NB_STANDIN_SCHEMA:-1}
  current=$(cat "$1/standin-schema" 2>/dev/null || echo "$schema")
  [ "$current" -le "$schema" ] 2>/dev/null || fatal "store schema $current is newer than this version's schema $schema"
  echo "$schema" >"$1/standin-schema"
  if [ -n "$NB_STANDIN_FAIL_MIGRATION" ] && [ -f "$1/standin-refuse-upgrade" ]; then
    fatal "migrating the store to schema $schema failed"
  fi
}
