# a raw file is a sequence of 8-byte instructions
-- raw
b70000000000000095
-- expect
exit: 2
stderr: multiple of 8
