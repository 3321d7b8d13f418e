# The house style prints dates in full: "February 1, 2024".
DATE_FORMAT = "F j, Y"
DATETIME_FORMAT = "F j, Y, H:i"
