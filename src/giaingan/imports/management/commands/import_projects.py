from giaingan.imports.management.commands._import import ImportCommand


class Command(ImportCommand):
    kind = "projects"
    help = "Nhập danh mục dự án (ma_du_an, ten_du_an, chu_dau_tu, ...)."
