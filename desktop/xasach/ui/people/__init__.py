"""The People register's screens (hồ sơ quản lý người sử dụng trái phép, người nghiện): the list,
a person's file with its episode timeline, drug tests and linked hotspots."""
