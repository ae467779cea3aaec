# The git fast-import stream pieces both history generators write with.
function blk(s) { printf "data %d\n%s\n", length(s) + 1, s }
function commit(ref, mark, t, msg, from, file, content) {
    printf "commit %s\nmark :%d\n", ref, mark
    printf "author Dev %d <dev%d@example.com> %d +0000\n", mark % 7, mark % 7, t
    printf "committer Dev %d <dev%d@example.com> %d +0000\n", mark % 7, mark % 7, t
    blk(msg)
    if (from != "") printf "from %s\n", from
    printf "M 644 inline %s\n", file
    blk(content)
    printf "\n"
}
