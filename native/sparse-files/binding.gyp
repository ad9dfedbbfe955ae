{
  "targets": [
    {
      "target_name": "sparse_files",
      "sources": ["sparse_files.c"],
      "cflags": ["-Wall", "-Wextra"]
    }
  ]
}
