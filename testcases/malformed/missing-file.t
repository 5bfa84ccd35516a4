# a file that does not exist
-- file
no/such/file.o
-- expect
exit: 2
stderr: cannot open
