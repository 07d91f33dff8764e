from giaingan.imports.management.commands._import import ImportCommand


class Command(ImportCommand):
    kind = "units"
    help = "Nhập danh mục đơn vị (ma_don_vi, ten_don_vi, loai, don_vi_cha, ma_so_thue)."
